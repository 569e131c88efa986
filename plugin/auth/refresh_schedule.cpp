// When a token must be refreshed, and what its early death teaches.
#include "plugin/auth/refresh_schedule.hpp"

#include <algorithm>
#include <cmath>

namespace tether::auth {

std::optional<std::int64_t> effective_lifetime_ms(const token_record& r) {
    std::optional<std::int64_t> lifetime;
    if (r.declared_lifetime_s > 0) lifetime = r.declared_lifetime_s * 1000;
    if (r.learned_lifetime_ms) lifetime = lifetime ? std::min(*lifetime, *r.learned_lifetime_ms) : *r.learned_lifetime_ms;
    return lifetime;
}

double connection_jitter_unit(std::string_view connection_id) {
    std::uint64_t hash = 1469598103934665603ULL;  // FNV-1a: stable across processes and releases
    for (const unsigned char c : connection_id) {
        hash ^= c;
        hash *= 1099511628211ULL;
    }
    return static_cast<double>(hash % 20001) / 10000.0 - 1.0;
}

refresh_plan plan_refresh(const token_record& r, const manifest::refresh_policy& policy, double jitter_unit) {
    refresh_plan plan;
    const auto lifetime = effective_lifetime_ms(r);
    if (!lifetime || r.api_token) {
        if (lifetime) plan.expires_at_ms = r.issued_at_ms + *lifetime;
        return plan;
    }
    const double fraction = std::clamp(policy.proactive_at + policy.jitter * jitter_unit, 0.5, 0.95);
    plan.refresh_at_ms = r.issued_at_ms + std::llround(static_cast<double>(*lifetime) * fraction);
    plan.expires_at_ms = r.issued_at_ms + *lifetime;
    return plan;
}

bool refresh_due(const refresh_plan& plan, std::int64_t provider_now_ms) {
    return plan.refresh_at_ms && provider_now_ms >= *plan.refresh_at_ms;
}

bool believed_expired(const refresh_plan& plan, std::int64_t provider_now_ms) {
    return plan.expires_at_ms && provider_now_ms >= *plan.expires_at_ms;
}

bool died_early(const token_record& r, std::int64_t dead_age_ms) {
    if (r.declared_lifetime_s <= 0) return false;
    return dead_age_ms < r.declared_lifetime_s * 1000 * 95 / 100;
}

std::int64_t learn_lifetime_ms(std::optional<std::int64_t> previous_ms, std::int64_t dead_age_ms,
                               std::optional<std::int64_t> last_ok_age_ms) {
    std::int64_t estimate = std::max(last_ok_age_ms.value_or(0), dead_age_ms / 2);
    estimate = std::max(estimate, minimum_learned_lifetime_ms);
    return previous_ms ? std::min(*previous_ms, estimate) : estimate;
}

}  // namespace tether::auth
