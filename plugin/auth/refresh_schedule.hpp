// When a token must be refreshed, and what its early death teaches. Pure functions over the record, the
// manifest's refresh policy and the provider's current time; tested with tables and no clock.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "plugin/auth/token_record.hpp"
#include "plugin/manifest/model.hpp"

namespace tether::auth {

// min(declared expires_in, learned lifetime); nullopt when neither is known (then only a 401 tells).
std::optional<std::int64_t> effective_lifetime_ms(const token_record& r);

// A stable number in [-1, 1] for a connection, so that connections issued together refresh at different
// moments (no thundering herd) while each connection's own moment stays predictable.
double connection_jitter_unit(std::string_view connection_id);

struct refresh_plan {
    std::optional<std::int64_t> refresh_at_ms;  // provider time; nullopt: no proactive refresh
    std::optional<std::int64_t> expires_at_ms;  // provider time at which the token is believed dead
};

// refresh_at = issued + lifetime × (proactive_at + jitter × unit), the fraction kept within [0.5, 0.95].
refresh_plan plan_refresh(const token_record& r, const manifest::refresh_policy& policy, double jitter_unit);

bool refresh_due(const refresh_plan& plan, std::int64_t provider_now_ms);
bool believed_expired(const refresh_plan& plan, std::int64_t provider_now_ms);

// A token is "dead early" when it is rejected well before its declared lifetime (an admin-configured
// lifetime, or a revocation). Deaths after 95% of the declared lifetime are ordinary expiry.
bool died_early(const token_record& r, std::int64_t dead_age_ms);

// What an early death teaches about the real lifetime L. The age at which the token was seen dead is only
// an upper bound (it died some time since it was last used successfully, a lower bound), so the estimate
// leans low: max(last_ok_age, dead_age / 2), never below one minute (no refresh storms), and never above a
// previous lesson (lifetimes only shrink until a token is seen alive past the lesson).
std::int64_t learn_lifetime_ms(std::optional<std::int64_t> previous_ms, std::int64_t dead_age_ms,
                               std::optional<std::int64_t> last_ok_age_ms);

inline constexpr std::int64_t minimum_learned_lifetime_ms = 60'000;

}  // namespace tether::auth
