// The models of the manifests this process loaded last, by name and text: a host (or the CLI) that validates
// a manifest and then opens a connector from it, or opens several connectors from one file, parses it once.
// Only valid models are kept (they are immutable, so sharing them is safe); a few at most, so that a process
// loading many manifests holds no more than it did. Internal to plugin/manifest.
#pragma once

#include <memory>
#include <string_view>

#include "plugin/manifest/model.hpp"

namespace tether::manifest::detail {

// The model loaded earlier from exactly this text under this name, or null.
std::shared_ptr<const connector_manifest> loaded_earlier(std::string_view file_name, std::string_view text);

// Remembers a valid model, forgetting the least recently loaded beyond the few kept.
void remember_loaded(std::string_view file_name, std::string_view text, std::shared_ptr<const connector_manifest> model);

}  // namespace tether::manifest::detail
