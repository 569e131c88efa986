// What an operation names of the extensions: the code operation implementing it (`extension:`) and the hooks
// run around its requests (`hooks:`). Only names and positions are read here; whether an extension offers
// them is checked when the extensions are known (plugin/extension/manifest_binding.cpp).
#include "plugin/manifest/sections.hpp"

namespace tether::manifest::detail {
namespace {

extension_ref ref_at(const YAML::Mark& at, std::string name) {
    return extension_ref{std::move(name), at.line + 1, at.column + 1};
}

}  // namespace

void read_hooks(reading& ctx, mapping& op, operation& out) {
    auto m = op.nested("hooks", fmt::format("'hooks' of {}", op.what()), {"request", "response"});
    if (!m || !m->valid()) return;
    for (auto [key, into] : {std::pair{"request", &out.request_hooks}, std::pair{"response", &out.response_hooks}}) {
        auto names = m->string_list(key);
        if (!names) continue;
        const field* f = m->find(key);
        for (std::size_t i = 0; i < names->size(); ++i) into->push_back(ref_at(f->value[i].Mark(), (*names)[i]));
    }
    // A response hook would read the answer before tether takes the shared secret out of it.
    if (out.webhook_secret && !out.response_hooks.empty())
        ctx.report.error(m->find("response")->key_mark(),
                         fmt::format("{} declares webhook_secret: its answer carries a webhook's shared secret, which "
                                     "no extension may see; remove its response hooks",
                                     op.what()));
}

void read_code_operation(reading& ctx, mapping& op, operation& out) {
    for (std::string_view key :
         {"method", "path", "params", "body", "pagination", "resource", "webhook_secret", "idempotent"})
        if (const field* f = op.find(key))
            ctx.report.error(f->key_mark(),
                             fmt::format("{} is implemented by an extension ('extension'), so '{}' does not apply: "
                                         "its parameters and requests are the extension's",
                                         op.what(), key));
    if (auto name = op.string("extension", mapping::required)) {
        if (name->empty())
            ctx.report.error(op.find("extension")->value_mark(),
                             fmt::format("{} must name a code operation", op.subject("extension")));
        else
            out.extension = ref_at(op.find("extension")->value_mark(), *name);
    }
    out.method = http_method::post;  // never sent as such: each request of the extension has its own method
    out.body = body_mode::optional;
    if (auto scopes = op.string_list("required_scopes")) {
        const field* f = op.find("required_scopes");
        for (std::size_t i = 0; i < scopes->size(); ++i)
            ctx.refs.scopes.push_back(name_ref{(*scopes)[i], f->value[i].Mark(), op.subject("required_scopes")});
        out.required_scopes = std::move(*scopes);
    }
    out.idempotent = false;  // each of its requests is judged by its own method
    out.max_response_bytes =
        op.integer("max_response_bytes", 1024, 1024 * 1024 * 1024).value_or(out.max_response_bytes);
    read_hooks(ctx, op, out);
}

}  // namespace tether::manifest::detail
