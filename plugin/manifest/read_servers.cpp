// Reads the `servers` section: the API base and authorize URL of each region, and which settings pick or
// override them.
#include "plugin/manifest/sections.hpp"
#include "plugin/manifest/url_rules.hpp"

namespace tether::manifest::detail {
namespace {

// An absolute URL template; its placeholders become setting references.
std::optional<string_template> read_url(reading& ctx, mapping& m, std::string_view key) {
    const field* f = m.find(key);
    if (!f) return std::nullopt;
    std::string subject = m.subject(key);
    auto url = read_template(ctx.report, *f, subject);
    if (!url) return std::nullopt;
    if (auto problem = url_template_problem(*url)) {
        ctx.report.error(f->value_mark(), fmt::format("{}: URL '{}' {}", subject, url->text, *problem));
        return std::nullopt;
    }
    if (!url->parts.empty() && !url->parts.back().placeholder && url->text.back() == '/') {
        ctx.report.error(mark_inside(f->value, url->text.size() - 1),
                         fmt::format("{} must not end with '/' (paths are appended to it)", subject));
        return std::nullopt;
    }
    reference_url_settings(ctx, *url, *f, subject);
    return url;
}

}  // namespace

void read_servers(mapping& root, reading& ctx) {
    auto m = root.nested("servers", "'servers'", {"region_setting", "overrides", "regions"}, mapping::required);
    if (!m || !m->valid()) return;
    servers_spec& servers = ctx.model.servers;

    if (const field* regions = m->require("regions")) {
        auto entries =
            mapping::dictionary(ctx.report, regions->value, regions->key_mark(), "'servers.regions'", "region");
        if (entries.valid() && entries.fields().empty())
            ctx.report.error(regions->key_mark(), "'servers.regions' must declare at least one region");
        for (const field& entry : entries.fields()) {
            std::string what = fmt::format("region '{}'", entry.name);
            auto r = mapping::section(ctx.report, entry.value, entry.key_mark(), what, {"api_base", "authorize_url"});
            if (!r.valid()) continue;
            server s;
            s.region = entry.name;
            r.require("api_base");
            if (auto url = read_url(ctx, r, "api_base")) s.api_base = std::move(*url);
            if (auto url = read_url(ctx, r, "authorize_url")) s.authorize_url = std::move(*url);
            (r.has("authorize_url") ? ctx.refs.regions_with_authorize_url
                                    : ctx.refs.regions_without_authorize_url)[entry.name] = entry.key_mark();
            servers.regions.push_back(std::move(s));
        }
        if (entries.fields().size() > 1 && !m->has("region_setting"))
            ctx.report.error(m->at(), fmt::format("'servers' declares {} regions but no 'region_setting' naming the "
                                                  "setting that selects one",
                                                  entries.fields().size()));
    }

    if (auto name = m->string("region_setting")) {
        servers.region_setting = *name;
        ctx.refs.settings.push_back(setting_ref{*name, setting_use::region, m->find("region_setting")->value_mark(),
                                                m->subject("region_setting")});
    }
    if (auto overrides = m->nested("overrides", "'servers.overrides'", {"api_base", "authorize_url"})) {
        for (std::string_view key : {"api_base", "authorize_url"}) {
            auto name = overrides->string(key);
            if (!name) continue;
            (key == "api_base" ? servers.api_base_setting : servers.authorize_url_setting) = *name;
            if (key == "authorize_url") ctx.refs.authorize_url_override = overrides->find(key)->key_mark();
            ctx.refs.settings.push_back(setting_ref{*name, setting_use::url_override,
                                                    overrides->find(key)->value_mark(), overrides->subject(key)});
        }
    }
}

}  // namespace tether::manifest::detail
