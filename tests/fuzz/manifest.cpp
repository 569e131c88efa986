// Fuzz target: the manifest loader. Whatever the text, it answers with a model or with located diagnostics,
// never both, never neither, and never by an internal error (an exception that escaped a reader).
#include "plugin/manifest/manifest.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "tests/fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto result = tether::manifest::load_manifest_text(text, "fuzz.yaml");
    FUZZ_REQUIRE((result.manifest == nullptr) == !result.diagnostics.empty());
    // Only an internal error (an exception that escaped a reader) or a file problem has no position.
    for (const auto& d : result.diagnostics) FUZZ_REQUIRE(d.line >= 1 && d.column >= 1);
    return 0;
}
