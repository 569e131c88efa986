// The Smartsheet manifest, loaded once, for the targets that need a real manifest's rules and settings.
#pragma once

#include "plugin/manifest/manifest.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace tether_fuzz {

inline const tether::manifest::connector_manifest& smartsheet() {
    static const auto loaded = tether::manifest::load_manifest_file(TETHER_SOURCE_DIR "/manifests/smartsheet.yaml");
    FUZZ_REQUIRE(loaded.manifest != nullptr);
    return *loaded.manifest;
}

}  // namespace tether_fuzz
