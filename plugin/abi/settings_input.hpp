// Connection settings as the host hands them (a JSON text) → the manifest's resolved settings.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "plugin/core/outcome.hpp"
#include "plugin/manifest/manifest.hpp"

namespace tether::abi {

// Parses `settings_json` (NULL = no settings) and resolves it against the manifest; on failure, a
// config_error outcome whose message names each bad setting (never a secret's value).
std::variant<manifest::resolved_settings, outcome> resolve_connection_settings(
    const manifest::connector_manifest& m, const char* settings_json);

// Joins lines with '\n' (for messages that list several problems).
std::string join_lines(const std::vector<std::string>& lines);

}  // namespace tether::abi
