// Which settings are secret (from the library's own reading of the manifest) and where their values come from.
#include "cli/manifest_settings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace tether_cli {

std::variant<std::vector<setting_info>, tether::sdk::result> describe_settings(
    const std::string& manifest_path, const std::vector<std::string>& extensions) {
    tether::sdk::result validated = tether::sdk::validate_manifest(manifest_path, extensions);
    if (!validated.ok()) return validated;
    std::vector<setting_info> out;
    const auto doc = boost::json::parse(validated.body());
    for (const auto& entry : doc.at("settings").as_array()) {
        const auto& o = entry.as_object();
        out.push_back({std::string(o.at("name").as_string()), o.at("required").as_bool(), o.at("secret").as_bool()});
    }
    return out;
}

std::string secret_variable(std::string_view setting_name) {
    std::string name = "TETHER_";
    for (const char c : setting_name) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return name;
}

std::optional<std::string> refuse_secrets(const std::vector<std::pair<std::string, std::string>>& given,
                                          const std::vector<setting_info>& settings) {
    for (const auto& [key, value] : given) {
        const auto it =
            std::find_if(settings.begin(), settings.end(), [&](const setting_info& s) { return s.name == key; });
        if (it != settings.end() && it->secret)
            return "'" + key + "' is a secret setting: secrets never come from the command line (shell history, ps); " +
                   "set it in the environment instead: export " + secret_variable(key) + "=...";
    }
    return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> secrets_from_environment(const std::vector<setting_info>& settings) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& s : settings) {
        if (!s.secret) continue;
        const char* value = std::getenv(secret_variable(s.name).c_str());
        if (value != nullptr && *value != '\0') out.emplace_back(s.name, value);
    }
    return out;
}

std::string connection_settings_json(const boost::json::object& non_secret, const std::vector<setting_info>& settings) {
    boost::json::object all = non_secret;
    for (const auto& [name, value] : secrets_from_environment(settings)) all[name] = value;
    return boost::json::serialize(all);
}

}  // namespace tether_cli
