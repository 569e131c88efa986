// Connection settings as the host hands them (a JSON text) → the manifest's resolved settings.
#include "plugin/abi/settings_input.hpp"

#include <boost/json.hpp>

namespace tether::abi {

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        if (!out.empty()) out += '\n';
        out += line;
    }
    return out;
}

// Parses a settings JSON text (NULL = empty object) and resolves it against the manifest.
// Shared by connection open and host-less validation.
std::variant<manifest::resolved_settings, outcome> resolve_connection_settings(
    const manifest::connector_manifest& m, const char* settings_json) {
    boost::json::object settings;
    if (settings_json != nullptr) {
        boost::json::error_code ec;
        auto parsed = boost::json::parse(settings_json, ec);
        if (ec || !parsed.is_object())
            return outcome::failure(status::config_error, "settings_invalid",
                                    "settings: expected a JSON object of the manifest's settings");
        settings = std::move(parsed.as_object());
    }
    auto resolved = manifest::resolve_settings(m, settings);
    if (auto* errors = std::get_if<std::vector<std::string>>(&resolved))
        return outcome::failure(status::config_error, "settings_invalid", join_lines(*errors));
    return std::get<manifest::resolved_settings>(std::move(resolved));
}

}  // namespace tether::abi
