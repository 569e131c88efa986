// Fuzz target: the Date header — an HTTP date in any of its three forms — and the provider clock learned
// from it. A date that parses is within 1900..9999 and formats to a date that parses back to its second;
// an offset learned from it stays within a year.
#include "plugin/http/http_date.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/core/time_bounds.hpp"
#include "plugin/http/clock_skew.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto ms = tether::http::parse_http_date(text)) {
        FUZZ_REQUIRE(*ms >= -2'208'988'800'000 && *ms <= tether::max_time_ms);  // 1900-01-01 .. 9999-12-31
        if (*ms >= 0)
            FUZZ_REQUIRE(tether::http::parse_http_date(tether::http::format_http_date(*ms)) == *ms / 1000 * 1000);
    }
    for (const std::int64_t local : {std::int64_t{0}, tether_fuzz::fuzz_now_ms, tether::max_time_ms}) {
        if (const auto offset = tether::http::skew_from_date(local, text))
            FUZZ_REQUIRE(*offset >= -tether::http::max_clock_offset_ms && *offset <= tether::http::max_clock_offset_ms);
    }
    return 0;
}
