// Checking a manifest's extension names against what is loaded, and filling in code operations' parameters.
#include "plugin/extension/manifest_binding.hpp"

#include <algorithm>

namespace tether::extension {

namespace {

std::string offered(const extension_set& loaded, const char* kind) {
    std::vector<std::string> names;
    for (const auto& e : loaded.extensions()) {
        if (std::string_view(kind) == "code operation")
            for (const auto& op : e.operations) names.push_back(op.name);
        else
            for (const auto& h : std::string_view(kind) == "request hook" ? e.request_hooks : e.response_hooks)
                names.push_back(h.name);
    }
    if (loaded.empty()) return "no extension is loaded (tether --extension PATH, or the connector options)";
    if (names.empty()) return std::string("the loaded extensions offer no ") + kind;
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    return std::string("loaded ") + kind + "s: " + list;
}

manifest::diagnostic missing(const manifest::connector_manifest& m, const manifest::extension_ref& ref,
                             const std::string& op, const char* kind, const extension_set& loaded) {
    return manifest::diagnostic{m.source, ref.line, ref.column,
                                "operation '" + op + "' names " + kind + " '" + ref.name +
                                    "', which no loaded extension offers (" + offered(loaded, kind) + ")"};
}

bool uses_extensions(const manifest::connector_manifest& m) {
    return std::any_of(m.operations.begin(), m.operations.end(), [](const manifest::operation& op) {
        return op.extension || !op.request_hooks.empty() || !op.response_hooks.empty();
    });
}

}  // namespace

std::vector<manifest::diagnostic> unresolved_names(const manifest::connector_manifest& m, const extension_set& loaded) {
    std::vector<manifest::diagnostic> out;
    for (const auto& op : m.operations) {
        if (op.extension && loaded.find_operation(op.extension->name) == nullptr)
            out.push_back(missing(m, *op.extension, op.name, "code operation", loaded));
        for (const auto& ref : op.request_hooks)
            if (loaded.find_request_hook(ref.name) == nullptr)
                out.push_back(missing(m, ref, op.name, "request hook", loaded));
        for (const auto& ref : op.response_hooks)
            if (loaded.find_response_hook(ref.name) == nullptr)
                out.push_back(missing(m, ref, op.name, "response hook", loaded));
    }
    return out;
}

std::variant<std::shared_ptr<const manifest::connector_manifest>, std::vector<manifest::diagnostic>> bind_extensions(
    std::shared_ptr<const manifest::connector_manifest> m, const extension_set& loaded) {
    if (!uses_extensions(*m)) return m;
    auto problems = unresolved_names(*m, loaded);
    if (!problems.empty()) return problems;
    auto bound = std::make_shared<manifest::connector_manifest>(*m);
    for (auto& op : bound->operations)
        if (op.extension) op.params = loaded.find_operation(op.extension->name)->params;
    return std::shared_ptr<const manifest::connector_manifest>(std::move(bound));
}

}  // namespace tether::extension
