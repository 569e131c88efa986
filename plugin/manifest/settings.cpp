// resolve_settings: a host's connection settings checked and completed against the manifest, and the
// URLs of the selected region worked out once per connection.
#include "plugin/manifest/settings.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/string.hpp>

#include "plugin/manifest/json_values.hpp"
#include "plugin/manifest/spelling.hpp"
#include "plugin/manifest/templates.hpp"
#include "plugin/manifest/url_rules.hpp"

namespace tether::manifest {
namespace {

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

// "did you mean 'X'? " or "".
std::string hint_for(std::string_view word, const std::vector<std::string>& candidates) {
    std::vector<std::string_view> views(candidates.begin(), candidates.end());
    std::string hint = detail::closest(word, views);
    return hint.empty() ? std::string() : fmt::format("did you mean '{}'? ", hint);
}

std::string strip_trailing_slashes(std::string url) {
    while (url.size() > 1 && url.back() == '/') url.pop_back();
    return url;
}

class resolver {
public:
    resolver(const connector_manifest& m, resolved_settings& out, std::vector<std::string>& errors)
        : m_(m), out_(out), errors_(errors) {}

    void check_values(const boost::json::object& given) {
        std::vector<std::string> names;
        for (const auto& s : m_.settings) names.push_back(s.name);
        for (const auto& entry : given) {
            std::string key(entry.key());
            if (m_.find_setting(key)) continue;
            errors_.push_back(
                fmt::format("unknown setting '{}' ({}expected one of: {})", key, hint_for(key, names), join(names)));
        }
        for (const auto& s : m_.settings) {
            if (s.secret) out_.secret_names.push_back(s.name);
            std::string subject = fmt::format("setting '{}'", s.name);
            const boost::json::value* v = given.if_contains(s.name);
            if (v && !v->is_null()) {
                auto checked = detail::check_json_value(s.spec, *v, subject, s.secret);
                if (checked.typed) {
                    out_.values.emplace(s.name, std::move(*checked.typed));
                } else {
                    errors_.push_back(std::move(checked.problem));
                    rejected_.push_back(s.name);
                }
            } else if (s.spec.default_value) {
                out_.values.emplace(s.name, *s.spec.default_value);
            } else if (s.spec.required) {
                errors_.push_back(
                    fmt::format("missing required {}{}", subject,
                                s.spec.description.empty() ? "" : fmt::format(" ({})", s.spec.description)));
            }
        }
    }

    void choose_region() {
        const servers_spec& servers = m_.servers;
        if (servers.regions.empty()) return;
        if (servers.region_setting.empty()) {
            server_ = &servers.regions.front();
        } else if (auto region = out_.get_string(servers.region_setting)) {
            server_ = servers.find(*region);
            if (!server_) {
                std::vector<std::string> regions;
                for (const auto& r : servers.regions) regions.push_back(r.region);
                errors_.push_back(fmt::format("setting '{}' names region '{}', which is not one of: {}",
                                              servers.region_setting, *region, join(regions)));
            }
        } else if (!was_rejected(servers.region_setting)) {
            errors_.push_back(fmt::format("no region selected: give setting '{}'", servers.region_setting));
        }
        if (server_) out_.region = server_->region;
    }

    void work_out_urls() {
        if (!server_) return;
        out_.api_base = url_for("api_base", m_.servers.api_base_setting, server_->api_base);
        if (m_.auth.type == auth_type::oauth2) {
            out_.authorize_url = url_for("authorize_url", m_.servers.authorize_url_setting, server_->authorize_url);
            out_.token_url = endpoint("token_url in 'auth'", m_.auth.token_url);
        }
        if (m_.auth.revoke) out_.revoke_url = endpoint("url in 'auth.revoke'", m_.auth.revoke->url);
    }

    void choose_scopes() {
        const scope_spec& spec = m_.auth.scopes;
        std::vector<std::string> scopes;
        if (!spec.setting.empty())
            if (auto chosen = out_.get_string_list(spec.setting)) scopes = *chosen;
        for (const auto& scope : spec.always)
            if (std::find(scopes.begin(), scopes.end(), scope) == scopes.end()) scopes.push_back(scope);
        if (!spec.known.empty())
            for (const auto& scope : scopes)
                if (std::find(spec.known.begin(), spec.known.end(), scope) == spec.known.end())
                    errors_.push_back(
                        fmt::format("setting '{}' asks for scope '{}', which the provider does not define "
                                    "({}known scopes: {})",
                                    spec.setting, scope, hint_for(scope, spec.known), join(spec.known)));
        out_.scopes = std::move(scopes);
    }

    void copy_credentials() {
        const credential_settings& names = m_.auth.credentials;
        auto copy = [&](const std::string& name, std::string& into) {
            if (!name.empty()) into = out_.get_string(name).value_or("");
        };
        copy(names.client_id, out_.client_id);
        copy(names.client_secret, out_.client_secret);
        copy(names.redirect_uri, out_.redirect_uri);
        copy(names.api_token, out_.api_token);
    }

private:
    // Whether the setting was given but rejected (its error is already reported).
    bool was_rejected(std::string_view name) const {
        return std::find(rejected_.begin(), rejected_.end(), name) != rejected_.end();
    }

    // Expands a template of the region; `what` names it in errors. "" when a placeholder has no value.
    std::string expand_with_settings(const string_template& tmpl, std::string_view what) {
        bool complete = true;
        std::string url = expand(tmpl, [&](std::string_view name) -> std::string {
            if (const value* v = out_.find(name)) return detail::render(*v);
            complete = false;
            if (!was_rejected(name))
                errors_.push_back(fmt::format("setting '{}' is needed by {} but has no value", name, what));
            return "";
        });
        return complete ? url : std::string();
    }

    std::string url_for(std::string_view key, const std::string& override_setting, const string_template& region_url) {
        if (!override_setting.empty())
            if (auto given = out_.get_string(override_setting))
                return strip_trailing_slashes(*given);  // checked as url
        std::string what = fmt::format("the {} of region '{}'", key, server_->region);
        std::string url = expand_with_settings(region_url, what);
        if (url.empty()) return url;
        if (auto problem = url_problem(url)) {
            errors_.push_back(fmt::format("{}, once its settings are filled in, {}", what, *problem));
            return "";
        }
        return url;
    }

    std::string endpoint(std::string_view what, const string_template& tmpl) {
        if (tmpl.empty()) return "";
        std::string expanded = expand_with_settings(tmpl, what);
        if (expanded.empty()) return "";
        if (expanded.front() == '/') return out_.api_base.empty() ? std::string() : out_.api_base + expanded;
        if (auto problem = url_problem(expanded)) {
            errors_.push_back(fmt::format("{}, once its settings are filled in, {}", what, *problem));
            return "";
        }
        return expanded;
    }

    const connector_manifest& m_;
    resolved_settings& out_;
    std::vector<std::string>& errors_;
    const server* server_ = nullptr;
    std::vector<std::string> rejected_;
};

}  // namespace

const value* resolved_settings::find(std::string_view name) const {
    auto it = values.find(name);
    return it == values.end() ? nullptr : &it->second;
}

std::optional<std::string> resolved_settings::get_string(std::string_view name) const {
    const value* v = find(name);
    const auto* text = v ? std::get_if<std::string>(v) : nullptr;
    return text ? std::optional<std::string>(*text) : std::nullopt;
}

std::optional<std::int64_t> resolved_settings::get_integer(std::string_view name) const {
    const value* v = find(name);
    const auto* n = v ? std::get_if<std::int64_t>(v) : nullptr;
    return n ? std::optional<std::int64_t>(*n) : std::nullopt;
}

std::optional<bool> resolved_settings::get_boolean(std::string_view name) const {
    const value* v = find(name);
    const auto* b = v ? std::get_if<bool>(v) : nullptr;
    return b ? std::optional<bool>(*b) : std::nullopt;
}

std::optional<std::vector<std::string>> resolved_settings::get_string_list(std::string_view name) const {
    const value* v = find(name);
    const auto* items = v ? std::get_if<std::vector<std::string>>(v) : nullptr;
    return items ? std::optional<std::vector<std::string>>(*items) : std::nullopt;
}

bool resolved_settings::is_secret(std::string_view name) const {
    return std::find(secret_names.begin(), secret_names.end(), name) != secret_names.end();
}

boost::json::object resolved_settings::redacted() const {
    boost::json::object out;
    for (const auto& [name, v] : values)
        out[name] = is_secret(name) ? boost::json::value(boost::json::string("<redacted>")) : detail::to_json(v);
    return out;
}

std::variant<resolved_settings, std::vector<std::string>> resolve_settings(const connector_manifest& manifest,
                                                                           const boost::json::object& given) {
    resolved_settings out;
    std::vector<std::string> errors;
    resolver r(manifest, out, errors);
    r.check_values(given);
    r.choose_region();
    r.work_out_urls();
    r.choose_scopes();
    r.copy_credentials();
    if (!errors.empty()) return errors;
    return out;
}

}  // namespace tether::manifest
