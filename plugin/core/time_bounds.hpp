// The ranges that times and durations from outside (a provider's answer, a stored record, the host's clock)
// are held to where they enter the engine, so that no sum or product of them downstream can overflow.
#pragma once

#include <algorithm>
#include <cstdint>

namespace tether {

// An instant, in milliseconds since the Unix epoch: from 1970 to the end of 9999, the last year an HTTP
// date can name. 0 is "unknown" wherever a record keeps a time.
inline constexpr std::int64_t max_time_ms = 253'402'300'799'999;  // 9999-12-31T23:59:59.999Z

// A token's lifetime (`expires_in`, the manifest's default_expires_in, a learned lifetime): at most ten years.
// Longer declarations (some providers send 2^31-1 for "never") are planned on as ten years.
inline constexpr std::int64_t max_lifetime_s = 10LL * 366 * 24 * 3600;
inline constexpr std::int64_t max_lifetime_ms = max_lifetime_s * 1000;

// Consecutive refresh failures counted in a record; the cooldown stops growing long before this.
inline constexpr std::int64_t max_refresh_failures = 1'000'000;

inline constexpr std::int64_t clamp_time_ms(std::int64_t ms) {
    return std::clamp<std::int64_t>(ms, 0, max_time_ms);
}

}  // namespace tether
