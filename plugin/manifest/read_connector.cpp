// Reads the `connector` section: who this connector is.
#include <algorithm>

#include "plugin/manifest/sections.hpp"
#include "plugin/manifest/url_rules.hpp"

namespace tether::manifest::detail {
namespace {

bool is_machine_name(std::string_view name) {
    if (name.empty() || name.front() < 'a' || name.front() > 'z') return false;
    for (char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
    return true;
}

}  // namespace

void read_connector(mapping& root, reading& ctx) {
    auto m = root.nested("connector", "'connector'",
                         {"name", "display_name", "version", "docs_url", "description", "user_agent_suffix"},
                         mapping::required);
    if (!m || !m->valid()) return;
    connector_info& info = ctx.model.connector;
    if (auto name = m->string("name", mapping::required)) {
        if (is_machine_name(*name))
            info.name = *name;
        else
            ctx.report.error(m->find("name")->value_mark(),
                             fmt::format("{} must be a machine name: lowercase letters, digits, '_' or '-', starting "
                                         "with a letter (got '{}')",
                                         m->subject("name"), *name));
    }
    if (auto display = m->string("display_name", mapping::required)) info.display_name = *display;
    if (auto version = m->string("version", mapping::required)) info.version = *version;
    if (auto description = m->string("description")) info.description = *description;
    if (auto suffix = m->string("user_agent_suffix")) {
        // It goes into a header line: printable ASCII only, so that it can never split or smuggle a header.
        if (std::all_of(suffix->begin(), suffix->end(), [](char c) { return c >= 0x20 && c < 0x7f; }))
            info.user_agent_suffix = *suffix;
        else
            ctx.report.error(m->find("user_agent_suffix")->value_mark(),
                             fmt::format("{} must be printable ASCII (it is sent in the User-Agent header)",
                                         m->subject("user_agent_suffix")));
    }
    if (auto docs = m->string("docs_url")) {
        if (auto problem = url_problem(*docs))
            ctx.report.error(m->find("docs_url")->value_mark(),
                             fmt::format("{}: URL '{}' {}", m->subject("docs_url"), *docs, *problem));
        else
            info.docs_url = *docs;
    }
}

}  // namespace tether::manifest::detail
