// Every change the OAuth lifecycle makes to a connection's record, as a pure function of the record it is
// applied to (plugin/record/record_store.hpp applies them by compare-and-swap and applies them again to a
// sibling's newer record when it loses a race). So each change says what it means for *any* record: whether
// a newer grant found in the store makes it moot, and what it keeps of what a sibling wrote.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/auth/lifetime_lessons.hpp"
#include "plugin/auth/origin_binding.hpp"
#include "plugin/record/record_store.hpp"
#include "plugin/record/token_record.hpp"

namespace tether::auth {

// Tokens as the token endpoint (or the host) handed them.
struct granted_tokens {
    std::string access_token;
    std::string refresh_token;             // empty: none was issued with this answer
    std::int64_t issued_at_ms = 0;         // provider time
    std::int64_t declared_lifetime_s = 0;  // 0: not declared
    std::vector<std::string> scopes;       // empty: not stated by the answer
};

// authorize_begin: remembers the pending authorization (state, PKCE verifier) beside whatever is there.
record::record_change authorization_pending(record::pending_authorization pending);

// A code exchange succeeded: a new grant, a new record — nothing of the old grant survives (no lesson, no
// verdict, no cooldown, no pending authorization); the webhooks' secrets do, as the webhooks outlive grants.
// The grant is bound to the origins it was issued for.
record::record_change grant_authorized(granted_tokens tokens, std::string user_id, bound_origins origins);

// A client credentials grant of the auth.methods entry `method`: a new grant like grant_authorized, whose
// renewals fetch a new token with the client's credentials.
record::record_change client_credentials_granted(granted_tokens tokens, std::string method, bound_origins origins);

// An API access token handed over by the host: a new grant of its own, bound to the API origin.
record::record_change api_token_stored(std::string access_token, std::int64_t provider_now_ms, bound_origins origins);
// The same for a token that came with the connection's settings: only into a record that holds no grant.
record::record_change api_token_adopted(std::string access_token, std::int64_t provider_now_ms,
                                        bound_origins origins);

// A refresh minted `tokens` in place of `replaced_access_token`, having started at provider time
// `started_ms`. Moot when the store already holds a newer pair of a sibling (adopt it), or when the
// connection was revoked meanwhile (not resurrected). Otherwise laid over what is there — including a
// sibling's reconnect verdict on the pair this refresh replaced. The grant's lesson carries over; `lesson`,
// when given, replaces it. `rotates`: a refresh answer without a refresh token means the old one died.
record::record_change tokens_refreshed(granted_tokens tokens, std::string replaced_access_token,
                                       std::int64_t started_ms, bool rotates, std::optional<lifetime_lesson> lesson);

// Only a human can fix the grant that held `judged_access_token`. Moot when the record holds other tokens
// by now (a sibling refreshed or re-authorized) or already carries a verdict. Forgets the grant's lesson.
record::record_change reconnect_required(std::string judged_access_token, std::string reason, std::string detail,
                                         std::int64_t provider_now_ms);

// A refresh of the pair holding `attempted_access_token` failed for a reason that is not a verdict on the
// grant (an outage): count it and block refreshes for `cooldown_ms` from `provider_now_ms` (the wait grows
// with the failures every process counted; see refresh_cooldown_ms).
record::record_change refresh_failed(std::string attempted_access_token, std::int64_t provider_now_ms,
                                     double random_unit, std::optional<std::int64_t> retry_after_ms,
                                     bool may_have_minted);

// The wait after the n-th consecutive failed refresh (n from 1): seconds at first, five minutes at most,
// never less than the provider's Retry-After.
std::int64_t refresh_cooldown_ms(int failures, double random_unit, std::optional<std::int64_t> retry_after_ms);

// `access_token` was accepted past its grant's lesson: forget the lesson.
record::record_change lesson_forgotten(std::string access_token, std::int64_t learned_ms);

// The grant was revoked (or the host disconnected it): an empty, unauthorized record but for the webhooks'
// secrets (the webhooks still exist at the provider and still call back).
record::record_change revoked();

}  // namespace tether::auth
