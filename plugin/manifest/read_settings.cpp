// Reads the `settings` section: the values a host supplies for each connection.
#include "plugin/manifest/sections.hpp"

namespace tether::manifest::detail {
namespace {

bool is_setting_name(std::string_view name) {
    if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

}  // namespace

void read_settings(mapping& root, reading& ctx) {
    const field* section = root.find("settings");
    if (!section) return;
    auto entries = mapping::dictionary(ctx.report, section->value, section->key_mark(), "'settings'", "setting");
    for (const field& entry : entries.fields()) {
        ctx.refs.declared_settings.insert(entry.name);
        if (!is_setting_name(entry.name)) {
            ctx.report.error(entry.key_mark(),
                             fmt::format("setting name '{}' must be lowercase letters, digits and '_', "
                                         "starting with a letter",
                                         entry.name));
            continue;
        }
        auto m =
            mapping::section(ctx.report, entry.value, entry.key_mark(), fmt::format("setting '{}'", entry.name),
                             {"type", "description", "required", "default", "secret", "enum", "minimum", "maximum"});
        if (!m.valid()) continue;
        setting s;
        s.name = entry.name;
        s.secret = m.boolean("secret").value_or(false);
        if (const field* d = m.find("default")) {
            ctx.refs.setting_defaults[entry.name] = d->value_mark();
            // The value is not read, so it cannot end up in a message.
            if (s.secret)
                ctx.report.error(d->key_mark(), fmt::format("secret setting '{}' must not have a default: secrets come "
                                                            "from the host, never from the manifest",
                                                            entry.name));
        }
        if (const field* e = m.find("enum")) ctx.refs.setting_enums[entry.name] = e->value;
        auto spec = read_value_spec(m, setting_types(), !s.secret);
        if (!spec) continue;
        s.spec = std::move(*spec);
        ctx.model.settings.push_back(std::move(s));
    }
}

}  // namespace tether::manifest::detail
