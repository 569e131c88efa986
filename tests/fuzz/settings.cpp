// Fuzz target: a connection's settings JSON resolved against the Smartsheet manifest, and the authorize URL
// built from settings that resolved. Problems are reported, never thrown.
#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "plugin/auth/authorization.hpp"
#include "tests/fuzz/smartsheet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    boost::system::error_code ec;
    const auto json = boost::json::parse(std::string_view(reinterpret_cast<const char*>(data), size), ec);
    if (ec || !json.is_object()) return 0;
    const auto& manifest = tether_fuzz::smartsheet();
    const auto resolved = tether::manifest::resolve_settings(manifest, json.get_object());
    if (const auto* problems = std::get_if<std::vector<std::string>>(&resolved)) {
        FUZZ_REQUIRE(!problems->empty());
        return 0;
    }
    const auto& settings = std::get<tether::manifest::resolved_settings>(resolved);
    (void)settings.redacted();
    const std::string url = tether::auth::build_authorize_url(manifest, settings, "state-123", "verifier-456");
    FUZZ_REQUIRE(url.rfind(settings.authorize_url, 0) == 0);
    return 0;
}
