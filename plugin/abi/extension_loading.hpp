// The extensions a host names (tether_connector_options, tether_manifest_validate_options) loaded and bound to
// the manifest: the manifest's `extension:` and `hooks:` names resolved, code operations' parameters filled in.
#pragma once

#include <memory>
#include <variant>

#include "plugin/core/outcome.hpp"
#include "plugin/extension/extension_set.hpp"
#include "plugin/manifest/manifest.hpp"
#include "sdk_shim/include/tether/tether.h"

namespace tether::abi {

struct extension_sources {
    const char* const* paths = nullptr;
    std::size_t path_count = 0;
    const tether_extension_entry_fn* entries = nullptr;
    std::size_t entry_count = 0;
};

struct bound_manifest {
    std::shared_ptr<const manifest::connector_manifest> manifest;
    std::shared_ptr<const extension::extension_set> extensions;  // empty set when none were named
};

// Loads the extensions (a failure: their config_error outcome, or host_error "invalid_argument" for a NULL
// list with a count), then the manifest, and binds them (a failure: "manifest_invalid" with every problem as
// file:line:col: message).
std::variant<bound_manifest, outcome> load_bound_manifest(const char* path, const char* text, const char* name,
                                                          const extension_sources& sources);

// "file:line:col: message" lines.
std::string join_diagnostics(const std::vector<manifest::diagnostic>& diagnostics);

}  // namespace tether::abi
