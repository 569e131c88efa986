// The provider's clock as seen from ours, estimated from its Date header.
#include "plugin/http/clock_skew.hpp"

#include <algorithm>
#include <cstdlib>

#include "plugin/core/time_bounds.hpp"
#include "plugin/http/http_date.hpp"

namespace tether::http {

std::int64_t clamp_clock_offset(std::int64_t offset_ms) {
    return std::clamp(offset_ms, -max_clock_offset_ms, max_clock_offset_ms);
}

namespace {

// The Date's offset from our clock, when the Date is readable and believable. Dates lie in [1900, 9999]
// (parse_http_date): with our clock held to the same span, no difference here can overflow.
std::optional<std::int64_t> date_offset(std::int64_t local_received_ms, std::string_view date_header) {
    const auto date = parse_http_date(date_header);
    if (!date) return std::nullopt;
    const std::int64_t offset = *date - std::clamp(local_received_ms, -max_time_ms, max_time_ms);
    if (std::llabs(offset) > max_clock_offset_ms) return std::nullopt;
    return offset;
}

}  // namespace

std::optional<std::int64_t> believable_date(std::int64_t local_received_ms, std::string_view date_header) {
    if (!date_offset(local_received_ms, date_header)) return std::nullopt;
    return parse_http_date(date_header);
}

std::optional<std::int64_t> skew_from_date(std::int64_t local_received_ms, std::string_view date_header) {
    const auto offset = date_offset(local_received_ms, date_header);
    if (!offset) return std::nullopt;
    return std::llabs(*offset + 500) <= 1500 ? 0 : clamp_clock_offset(*offset + 500);
}

}  // namespace tether::http
