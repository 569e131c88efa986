// Fuzz target: the Retry-After header, as delay-seconds or an HTTP date: never a negative wait.
#include "plugin/http/retry_after.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/core/time_bounds.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const std::int64_t now : {std::int64_t{0}, tether_fuzz::fuzz_now_ms, tether::max_time_ms})
        if (const auto wait = tether::http::parse_retry_after(text, now)) FUZZ_REQUIRE(*wait >= 0);
    return 0;
}
