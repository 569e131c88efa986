// Exponential backoff with jitter: the one implementation used everywhere.
#include "plugin/retry/backoff.hpp"

#include <algorithm>

namespace tether::retry {

std::int64_t backoff_ceiling_ms(const backoff_limits& limits, int attempt) {
    std::int64_t ceiling = std::max<std::int64_t>(limits.base_ms, 0);
    for (int i = 0; i < attempt && ceiling < limits.max_ms; ++i) ceiling *= 2;
    return std::min(ceiling, limits.max_ms);
}

std::int64_t full_jitter_ms(const backoff_limits& limits, int attempt, double unit_random) {
    const double u = std::clamp(unit_random, 0.0, 1.0);
    return static_cast<std::int64_t>(static_cast<double>(backoff_ceiling_ms(limits, attempt)) * u);
}

std::int64_t equal_jitter_ms(const backoff_limits& limits, int attempt, double unit_random) {
    const std::int64_t half = backoff_ceiling_ms(limits, attempt) / 2;
    const double u = std::clamp(unit_random, 0.0, 1.0);
    return half + static_cast<std::int64_t>(static_cast<double>(half) * u);
}

std::int64_t retry_delay_ms(const backoff_limits& limits, int attempt, double unit_random,
                            std::optional<std::int64_t> retry_after_ms) {
    const std::int64_t jittered = full_jitter_ms(limits, attempt, unit_random);
    if (retry_after_ms && *retry_after_ms > jittered) return *retry_after_ms;
    return jittered;
}

}  // namespace tether::retry
