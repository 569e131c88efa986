// The loader's inner interface: one reader per top-level section of a manifest, and the references between
// sections that are checked once everything has been read. Internal to plugin/manifest.
#pragma once

#include <yaml-cpp/yaml.h>

#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "plugin/manifest/model.hpp"
#include "plugin/manifest/yaml_reader.hpp"

namespace tether::manifest::detail {

// How a setting is used where it is referenced; each use has its own requirements (see cross_checks.cpp).
enum class setting_use {
    url_part,       // {name} in a server URL, token_url or revoke url: not secret; string, integer or url
    region,         // servers.region_setting: string; enum and default must name regions
    url_override,   // servers.overrides: url
    client_id,      // string
    client_secret,  // string, secret
    redirect_uri,   // url
    api_token,      // string, secret
    scopes,         // string_list; default must use known scopes
};

struct setting_ref {
    std::string name;
    setting_use use;
    YAML::Mark at;
    std::string subject;  // how the referring place is named in messages
};

struct name_ref {
    std::string name;
    YAML::Mark at;
    std::string subject;
};

// Cross-section facts gathered while reading.
struct references {
    std::vector<setting_ref> settings;
    std::vector<name_ref> scopes;   // required_scopes entries (checked against auth.scopes.known)
    std::optional<name_ref> probe;  // auth.probe.operation
    std::map<std::string, YAML::Mark> regions_without_authorize_url;  // region → its key
    std::map<std::string, YAML::Mark> regions_with_authorize_url;
    std::optional<YAML::Mark> authorize_url_override;    // servers.overrides.authorize_url
    std::map<std::string, YAML::Mark> setting_defaults;  // setting → its default's position
    std::map<std::string, yaml_node> setting_enums;     // setting → its enum list (for item positions)
    // Every name declared, even when its entry had errors, so that a broken entry does not also show up
    // as "not declared" wherever it is referenced.
    std::set<std::string, std::less<>> declared_settings;
    std::set<std::string, std::less<>> declared_operations;
    bool auth_read = false;  // auth.type was readable (so per-type checks are meaningful)
};

// The state of one load: where problems go, the model being built, and the references.
struct reading {
    reporter& report;
    connector_manifest& model;
    references refs;
};

// Each reads its key of the root mapping (reporting a missing required section) into ctx.model.
void read_connector(mapping& root, reading& ctx);
void read_settings(mapping& root, reading& ctx);
void read_servers(mapping& root, reading& ctx);
void read_auth(mapping& root, reading& ctx);
void read_errors(mapping& root, reading& ctx);
void read_operations(mapping& root, reading& ctx);
// An operation's `hooks` (request and response hook names, with their positions).
void read_hooks(reading& ctx, mapping& op, operation& out);
// An operation implemented by an extension (`extension: name`): only description, required_scopes,
// max_response_bytes and hooks apply; its parameters come from the extension.
void read_code_operation(reading& ctx, mapping& op, operation& out);
// Checks the references between sections; run after every reader.
void check_references(reading& ctx);

// Reads the keys shared by settings and parameters (type, required, default, enum, minimum, maximum,
// description) from an opened section. `types` are the allowed types; `may_default` is false for secret
// settings and path parameters (their default key is then reported by the caller, not read here).
std::optional<value_spec> read_value_spec(mapping& m, std::span<const word<value_type>> types, bool may_default);

// Parses a template scalar, reporting a syntax error at the exact column inside the scalar.
std::optional<string_template> read_template(reporter& r, const field& f, std::string_view subject);

// The position of character `offset` inside a single-line scalar (quotes accounted for).
YAML::Mark mark_inside(const yaml_node& scalar, std::size_t offset);

// Records every {placeholder} of a URL template as a url_part setting reference.
void reference_url_settings(reading& ctx, const string_template& url, const field& f, std::string_view subject);

}  // namespace tether::manifest::detail
