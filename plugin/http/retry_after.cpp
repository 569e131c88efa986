// The Retry-After header: delay-seconds or an HTTP date.
#include "plugin/http/retry_after.hpp"

#include <algorithm>
#include <cctype>

#include "plugin/http/http_date.hpp"

namespace tether::http {

std::optional<std::int64_t> parse_retry_after(std::string_view value, std::int64_t provider_now_ms) {
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
    while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
    if (value.empty()) return std::nullopt;
    if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        if (value.size() > 9) return std::nullopt;  // more than ~31 years: not a real instruction
        std::int64_t seconds = 0;
        for (const char c : value) seconds = seconds * 10 + (c - '0');
        return seconds * 1000;
    }
    if (const auto date = parse_http_date(value)) return std::max<std::int64_t>(0, *date - provider_now_ms);
    return std::nullopt;
}

}  // namespace tether::http
