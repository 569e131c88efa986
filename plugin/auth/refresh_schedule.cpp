// When a token must be refreshed.
#include "plugin/auth/refresh_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "plugin/auth/lifetime_lessons.hpp"

namespace tether::auth {

std::optional<std::int64_t> effective_lifetime_ms(const record::token_record& r) {
    std::optional<std::int64_t> lifetime;
    if (r.declared_lifetime_s > 0) lifetime = r.declared_lifetime_s * 1000;
    if (r.learned_lifetime_ms && !lesson_on_trial(r))
        lifetime = lifetime ? std::min(*lifetime, *r.learned_lifetime_ms) : *r.learned_lifetime_ms;
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

refresh_plan plan_refresh(const record::token_record& r, const manifest::refresh_policy& policy,
                          double jitter_unit) {
    refresh_plan plan;
    const auto lifetime = effective_lifetime_ms(r);
    if (lifetime) plan.expires_at_ms = r.issued_at_ms + *lifetime;
    plan.usable_until_ms = r.declared_lifetime_s > 0 ? std::optional(r.issued_at_ms + r.declared_lifetime_s * 1000)
                                                     : plan.expires_at_ms;
    if (!lifetime || r.api_token) return plan;
    const double fraction = std::clamp(policy.proactive_at + policy.jitter * jitter_unit, 0.5, 0.95);
    plan.refresh_at_ms = r.issued_at_ms + std::llround(static_cast<double>(*lifetime) * fraction);
    return plan;
}

bool refresh_due(const refresh_plan& plan, std::int64_t provider_now_ms) {
    return plan.refresh_at_ms && provider_now_ms >= *plan.refresh_at_ms;
}

bool believed_expired(const refresh_plan& plan, std::int64_t provider_now_ms) {
    return plan.expires_at_ms && provider_now_ms >= *plan.expires_at_ms;
}

bool usable_while_refresh_fails(const refresh_plan& plan, std::int64_t provider_now_ms) {
    return !plan.usable_until_ms || provider_now_ms < *plan.usable_until_ms;
}

}  // namespace tether::auth
