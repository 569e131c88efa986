// A manifest meets its extensions: every `extension:` and `hooks:` name must be offered by a loaded extension
// (else a file:line:col diagnostic), and each code operation's parameters become its operation's, so that
// binding, validation and --param work as for any manifest operation.
#pragma once

#include <memory>
#include <variant>
#include <vector>

#include "plugin/extension/extension_set.hpp"
#include "plugin/manifest/diagnostic.hpp"
#include "plugin/manifest/model.hpp"

namespace tether::extension {

// Every name the manifest uses that `loaded` does not offer, in manifest order. Pure.
std::vector<manifest::diagnostic> unresolved_names(const manifest::connector_manifest& m, const extension_set& loaded);

// The manifest with its code operations' parameters filled in, or the diagnostics of unresolved_names. A
// manifest that names no extension comes back as it is.
std::variant<std::shared_ptr<const manifest::connector_manifest>, std::vector<manifest::diagnostic>> bind_extensions(
    std::shared_ptr<const manifest::connector_manifest> m, const extension_set& loaded);

}  // namespace tether::extension
