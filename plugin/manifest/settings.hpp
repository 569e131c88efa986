// Resolving a connection's settings: the host's JSON object checked against the manifest's declarations,
// defaults applied, the region's URLs chosen and expanded. Secret values are never echoed in errors.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plugin/manifest/model.hpp"

namespace tether::manifest {

// The settings of one connection, ready to use. A plain value: copy it, keep it with the connection.
struct resolved_settings {
    std::map<std::string, value, std::less<>> values;  // every setting that has a value (given or default)
    std::vector<std::string> secret_names;             // settings whose values must never be shown

    std::string region;               // the selected region (the only one when the manifest declares one)
    std::string api_base;             // absolute, no trailing '/'; override setting or the region's, expanded
    std::string authorize_url;        // oauth2 only: override setting or the region's, expanded, without a query
    std::string token_url;            // oauth2 only: absolute
    std::string revoke_url;           // absolute; "" when the manifest declares no revoke endpoint
    std::vector<std::string> scopes;  // to request: the scopes setting (or its default) + auth.scopes.always

    // Credentials, copied from the settings auth.credentials names ("" when not declared or not given).
    std::string client_id;
    std::string client_secret;
    std::string redirect_uri;
    std::string api_token;

    const value* find(std::string_view name) const;
    std::optional<std::string> get_string(std::string_view name) const;  // string and url settings
    std::optional<std::int64_t> get_integer(std::string_view name) const;
    std::optional<bool> get_boolean(std::string_view name) const;
    std::optional<std::vector<std::string>> get_string_list(std::string_view name) const;
    bool is_secret(std::string_view name) const;

    // The setting values as JSON, secrets replaced by "<redacted>": safe for logs and health documents.
    boost::json::object redacted() const;
};

// Checks `given` against the manifest's settings: unknown keys are rejected, a JSON null counts as not
// given, defaults fill what is missing, required/type/enum/range/URL rules apply, and the region's URLs are
// chosen (overridden by the override settings when given) and checked against the https-or-loopback rule.
// Returns the resolved settings, or every problem found, each naming the setting. Never throws except
// std::bad_alloc; thread-safe.
std::variant<resolved_settings, std::vector<std::string>> resolve_settings(const connector_manifest& manifest,
                                                                           const boost::json::object& given);

}  // namespace tether::manifest
