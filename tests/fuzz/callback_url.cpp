// Fuzz target: the redirect back from the provider's authorize page (code, state, error), percent-decoded.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/auth/authorization.hpp"
#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view url(reinterpret_cast<const char*>(data), size);
    if (const auto p = tether::auth::parse_callback_url(url)) FUZZ_REQUIRE(!p->code.empty() || !p->error.empty());
    FUZZ_REQUIRE(tether::auth::percent_decode(url).size() <= url.size());
    return 0;
}
