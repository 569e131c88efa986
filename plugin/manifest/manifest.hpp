// The manifest engine's entry points: load a connector manifest (YAML) into an immutable, shared model,
// with every problem reported at once as file:line:col diagnostics.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/manifest/diagnostic.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"

namespace tether::manifest {

struct load_result {
    // The model when the manifest has no problem at all; null otherwise. Immutable: share it freely
    // between threads and connections.
    std::shared_ptr<const connector_manifest> manifest;
    // Every problem found, in order of position (empty exactly when manifest is set).
    std::vector<diagnostic> diagnostics;
};

// Reads and validates the manifest at `path`; diagnostics name the file as `path` is written.
// Never throws: an unreadable file, a YAML syntax error or an invalid manifest all come back as diagnostics.
// Thread-safe. A text loaded before under the same name (the last few valid ones) is not parsed again: the
// model is shared.
[[nodiscard]] load_result load_manifest_file(const std::string& path);

// Same, from text already in memory; `file_name` is only used in diagnostics.
[[nodiscard]] load_result load_manifest_text(std::string_view yaml, std::string_view file_name);

}  // namespace tether::manifest
