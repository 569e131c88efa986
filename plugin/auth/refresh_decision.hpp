// Whether to refresh a connection's tokens now: a pure decision over the record as just read from the store,
// the refresh plan, the provider's time and what asked for it. The refresher carries it out.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "plugin/auth/refresh_schedule.hpp"
#include "plugin/record/token_record.hpp"

namespace tether::auth {

enum class refresh_trigger {
    due,       // a call found the token due for its proactive refresh
    verb,      // the host asked for a refresh (tether_refresh without FORCE): only when due
    forced,    // the host asked for a refresh whatever the plan says (TETHER_REFRESH_FORCE)
    rejected,  // the provider answered 401 to the observed token
};

struct refresh_request {
    refresh_trigger trigger = refresh_trigger::due;
    std::string observed_token;  // the access token the asker saw before it asked
    std::int64_t deadline_ms = 0;  // host clock: a call's time budget ends then; 0: no deadline (the verbs)
};

enum class refresh_action {
    not_needed,    // the record's token is fresh: use it (wait_ms: until the refresh is due, -1 if never)
    adopt,         // the record holds a fresh token other than the observed one: a sibling refreshed
    refresh_now,   // exchange the refresh token
    wait,          // a cooldown after failed refreshes: not before wait_ms
    reconnect,     // only a human can fix it (reason: refresh_token_missing, api_token_invalid)
    not_usable,    // the record is not authorized (never authorized, or already reconnect_required)
};

struct refresh_decision {
    refresh_action action = refresh_action::not_needed;
    std::int64_t wait_ms = -1;
    std::string reason;  // reconnect: why
};

refresh_decision decide_refresh(const record::token_record& r, const refresh_plan& plan, std::int64_t provider_now_ms,
                                const refresh_request& request);

std::string_view to_string(refresh_action a) noexcept;

}  // namespace tether::auth
