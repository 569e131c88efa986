// The provider's clock as seen from ours, estimated from its Date header.
#include "plugin/http/clock_skew.hpp"

#include <cstdlib>

#include "plugin/http/http_date.hpp"

namespace tether::http {

std::optional<std::int64_t> skew_from_date(std::int64_t local_received_ms, std::string_view date_header) {
    const auto date = http::parse_http_date(date_header);
    if (!date) return std::nullopt;
    const std::int64_t offset = *date + 500 - local_received_ms;
    return std::llabs(offset) <= 1500 ? 0 : offset;
}

}  // namespace tether::http
