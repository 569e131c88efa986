// The manifest's settings as the CLI needs them: which are secret (and so come only from the environment, as
// TETHER_<NAME>), and the settings object a connection opens with.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "tether/tether.hpp"

namespace tether_cli {

struct setting_info {
    std::string name;
    bool required = false;
    bool secret = false;
};

// The manifest's settings, in manifest order (from tether_manifest_validate_ex, with the extensions the manifest
// may name); its failure when it is invalid.
std::variant<std::vector<setting_info>, tether::sdk::result> describe_settings(
    const std::string& manifest_path, const std::vector<std::string>& extensions = {});

// The environment variable a secret setting is read from: TETHER_ + the name in upper case.
std::string secret_variable(std::string_view setting_name);

// A usage error when a --set names a secret setting (the message names the variable to use instead).
std::optional<std::string> refuse_secrets(const std::vector<std::pair<std::string, std::string>>& given,
                                          const std::vector<setting_info>& settings);

// The values of the secret settings whose variables are set and not empty, by setting name.
std::vector<std::pair<std::string, std::string>> secrets_from_environment(const std::vector<setting_info>& settings);

// The connection's settings: the non-secret ones given (remembered, then --set), plus secrets from the
// environment.
std::string connection_settings_json(const boost::json::object& non_secret, const std::vector<setting_info>& settings);


}  // namespace tether_cli
