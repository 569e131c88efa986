// Exponential backoff: the one implementation used for call retries and for refresh cooldowns. Pure: the
// randomness comes in as a number in [0, 1), so tests pick it.
#pragma once

#include <cstdint>
#include <optional>

namespace tether::retry {

struct backoff_limits {
    std::int64_t base_ms = 1000;  // the ceiling of the first delay
    std::int64_t max_ms = 30000;  // no delay is ever longer
};

// min(max, base × 2^attempt), attempt counted from 0.
std::int64_t backoff_ceiling_ms(const backoff_limits& limits, int attempt);

// "Full jitter": uniform in [0, ceiling]. Spreads retries of many clients best; used between call retries.
std::int64_t full_jitter_ms(const backoff_limits& limits, int attempt, double unit_random);

// "Equal jitter": ceiling/2 + uniform in [0, ceiling/2]. Guarantees a minimum wait; used for the cooldown
// after a failed refresh, where an immediate retry must never happen.
std::int64_t equal_jitter_ms(const backoff_limits& limits, int attempt, double unit_random);

// The wait before a retry: a server's Retry-After wins when it is longer than the jittered delay; the
// result never exceeds max_ms unless Retry-After asks for more (then the caller should give up instead).
std::int64_t retry_delay_ms(const backoff_limits& limits, int attempt, double unit_random,
                            std::optional<std::int64_t> retry_after_ms);

}  // namespace tether::retry
