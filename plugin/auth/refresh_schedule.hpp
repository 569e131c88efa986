// When a token must be refreshed: pure functions over the record, the manifest's refresh policy and the
// provider's current time; tested with tables and no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "plugin/manifest/model.hpp"
#include "plugin/record/token_record.hpp"

namespace tether::auth {

// The lifetime to plan on: the declared `expires_in`, or the grant's lesson when that is shorter and not on
// trial (plugin/auth/lifetime_lessons.hpp); nullopt when neither is known (then only a 401 tells).
std::optional<std::int64_t> effective_lifetime_ms(const record::token_record& r);

// A stable number in [-1, 1] for a connection, so that connections issued together refresh at different
// moments (no thundering herd) while each connection's own moment stays predictable.
double connection_jitter_unit(std::string_view connection_id);

struct refresh_plan {
    std::optional<std::int64_t> refresh_at_ms;  // provider time; nullopt: no proactive refresh
    std::optional<std::int64_t> expires_at_ms;  // provider time at which the token is believed dead
    // Until when the token is used while its refresh fails for a transient reason: the end of its declared
    // lifetime (a fact from the provider), not of a lesson (an estimate that leans low); the provider's 401
    // says when it is really dead.
    std::optional<std::int64_t> usable_until_ms;
};

// refresh_at = issued + lifetime × (proactive_at + jitter × unit), the fraction kept within [0.5, 0.95].
refresh_plan plan_refresh(const record::token_record& r, const manifest::refresh_policy& policy, double jitter_unit);

bool refresh_due(const refresh_plan& plan, std::int64_t provider_now_ms);
bool believed_expired(const refresh_plan& plan, std::int64_t provider_now_ms);
bool usable_while_refresh_fails(const refresh_plan& plan, std::int64_t provider_now_ms);

}  // namespace tether::auth
