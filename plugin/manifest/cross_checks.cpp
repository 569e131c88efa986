// Checks what one section says about another: settings named by servers and auth exist and have the
// right type, the probe names a usable operation, scopes are known, regions can authorize.
#include <algorithm>

#include "plugin/manifest/sections.hpp"

namespace tether::manifest::detail {
namespace {

std::string join_names(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
    return out;
}

std::string unknown_message(std::string_view noun, std::string_view name, std::string_view subject,
                            const std::vector<std::string>& candidates) {
    std::vector<std::string_view> views(candidates.begin(), candidates.end());
    std::string hint = closest(name, views);
    return fmt::format("{} names {} '{}', which is not declared ({}{}: {})", subject, noun, name,
                       hint.empty() ? "" : fmt::format("did you mean '{}'? ", hint),
                       candidates.empty() ? std::string("none are declared") : fmt::format("declared {}s", noun),
                       candidates.empty() ? "-" : join_names(candidates));
}

std::string_view use_needs(setting_use use) {
    switch (use) {
        case setting_use::url_part:
            return "type string, integer or url, and not secret";
        case setting_use::region:
            return "type string";
        case setting_use::url_override:
            return "type url";
        case setting_use::client_id:
            return "type string";
        case setting_use::client_secret:
            return "type string and secret: true";
        case setting_use::redirect_uri:
            return "type url";
        case setting_use::api_token:
            return "type string and secret: true";
        case setting_use::scopes:
            return "type string_list";
    }
    return "";
}

bool use_accepts(setting_use use, const setting& s) {
    value_type t = s.spec.type;
    switch (use) {
        case setting_use::url_part:
            return !s.secret && (t == value_type::string || t == value_type::integer || t == value_type::url);
        case setting_use::region:
        case setting_use::client_id:
            return t == value_type::string;
        case setting_use::url_override:
        case setting_use::redirect_uri:
            return t == value_type::url;
        case setting_use::client_secret:
        case setting_use::api_token:
            return t == value_type::string && s.secret;
        case setting_use::scopes:
            return t == value_type::string_list;
    }
    return false;
}

void check_region_setting(reading& ctx, const setting& s) {
    const servers_spec& servers = ctx.model.servers;
    std::vector<std::string> regions;
    for (const auto& r : servers.regions) regions.push_back(r.region);
    if (servers.regions.empty()) return;
    const yaml_node& list = ctx.refs.setting_enums[s.name];
    for (std::size_t i = 0; i < s.spec.allowed.size(); ++i) {
        const std::string& allowed = s.spec.allowed[i];
        if (!servers.find(allowed))
            ctx.report.error(list.IsSequence() && i < list.size() ? list[i].Mark() : YAML::Mark(),
                             fmt::format("region setting '{}' allows '{}', which is not a region in 'servers.regions' "
                                         "(regions: {})",
                                         s.name, allowed, join_names(regions)));
    }
    if (const auto* region = s.spec.default_value ? std::get_if<std::string>(&*s.spec.default_value) : nullptr;
        region && !servers.find(*region))
        ctx.report.error(ctx.refs.setting_defaults.at(s.name),
                         fmt::format("default '{}' of region setting '{}' is not a region in 'servers.regions' "
                                     "(regions: {})",
                                     *region, s.name, join_names(regions)));
}

void check_scope_setting(reading& ctx, const setting& s) {
    const auto& known = ctx.model.auth.scopes.known;
    const auto* defaults =
        s.spec.default_value ? std::get_if<std::vector<std::string>>(&*s.spec.default_value) : nullptr;
    if (known.empty() || !defaults) return;
    for (const auto& scope : *defaults)
        if (std::find(known.begin(), known.end(), scope) == known.end())
            ctx.report.error(ctx.refs.setting_defaults.at(s.name),
                             fmt::format("default of scopes setting '{}' has '{}', which is not in 'auth.scopes.known'",
                                         s.name, scope));
}

void check_settings(reading& ctx) {
    std::vector<std::string> names;
    for (const auto& s : ctx.model.settings) names.push_back(s.name);
    for (const setting_ref& ref : ctx.refs.settings) {
        const setting* s = ctx.model.find_setting(ref.name);
        if (!s) {
            if (!ctx.refs.declared_settings.count(ref.name))
                ctx.report.error(ref.at, unknown_message("setting", ref.name, ref.subject, names));
            continue;
        }
        if (!use_accepts(ref.use, *s)) {
            ctx.report.error(ref.at,
                             fmt::format("{} names setting '{}' ({}{}), which must be {}", ref.subject, ref.name,
                                         to_string(s->spec.type), s->secret ? ", secret" : "", use_needs(ref.use)));
            continue;
        }
        if (ref.use == setting_use::region) check_region_setting(ctx, *s);
        if (ref.use == setting_use::scopes) check_scope_setting(ctx, *s);
    }
}

void check_probe(reading& ctx) {
    if (!ctx.refs.probe) return;
    const name_ref& ref = *ctx.refs.probe;
    const operation* op = ctx.model.find_operation(ref.name);
    if (!op) {
        if (ctx.refs.declared_operations.count(ref.name)) return;
        std::vector<std::string> names;
        for (const auto& o : ctx.model.operations) names.push_back(o.name);
        ctx.report.error(ref.at, unknown_message("operation", ref.name, ref.subject, names));
        return;
    }
    if (op->is_code_operation()) {
        ctx.report.error(ref.at, fmt::format("{}: probe operation '{}' is implemented by an extension; the probe "
                                             "must be a manifest GET operation",
                                             ref.subject, ref.name));
        return;
    }
    if (op->method != http_method::get)
        ctx.report.error(ref.at, fmt::format("{}: probe operation '{}' must be a GET (it is {})", ref.subject, ref.name,
                                             to_string(op->method)));
    for (const auto& p : op->params)
        if (p.spec.required && !p.spec.default_value)
            ctx.report.error(ref.at,
                             fmt::format("{}: probe operation '{}' needs parameter '{}', but the probe is called "
                                         "without parameters",
                                         ref.subject, ref.name, p.name));
}

void check_scopes(reading& ctx) {
    const auto& known = ctx.model.auth.scopes.known;
    if (known.empty()) return;
    for (const name_ref& ref : ctx.refs.scopes)
        if (std::find(known.begin(), known.end(), ref.name) == known.end()) {
            std::vector<std::string_view> views(known.begin(), known.end());
            std::string hint = closest(ref.name, views);
            ctx.report.error(ref.at,
                             fmt::format("{}: scope '{}' is not in 'auth.scopes.known'{}", ref.subject, ref.name,
                                         hint.empty() ? "" : fmt::format(" (did you mean '{}'?)", hint)));
        }
}

void check_regions_for_auth(reading& ctx) {
    if (!ctx.refs.auth_read) return;
    if (ctx.model.auth.type == auth_type::oauth2) {
        for (const auto& [region, at] : ctx.refs.regions_without_authorize_url)
            ctx.report.error(at,
                             fmt::format("region '{}' has no 'authorize_url', which auth type oauth2 needs", region));
    } else {
        for (const auto& [region, at] : ctx.refs.regions_with_authorize_url)
            ctx.report.error(at, fmt::format("region '{}' has an 'authorize_url', which does not apply to auth type "
                                             "api_token",
                                             region));
        if (ctx.refs.authorize_url_override)
            ctx.report.error(*ctx.refs.authorize_url_override,
                             "'authorize_url' in 'servers.overrides' does not apply to auth type api_token");
    }
}

}  // namespace

void check_references(reading& ctx) {
    check_settings(ctx);
    check_probe(ctx);
    check_scopes(ctx);
    check_regions_for_auth(ctx);
}

}  // namespace tether::manifest::detail
