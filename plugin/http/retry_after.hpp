// The Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP date. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace tether::http {

// Milliseconds to wait from `now_ms` (the provider's time, for the date form); nullopt when absent or
// unreadable. A date in the past means 0.
std::optional<std::int64_t> parse_retry_after(std::string_view value, std::int64_t provider_now_ms);

}  // namespace tether::http
