// Reads the `operations` section: each callable operation with its path template, typed parameters, body,
// required scopes, pagination, the resource a 403 is about and the cap on its response's size.
#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "plugin/manifest/json_pointer.hpp"
#include "plugin/manifest/sections.hpp"

namespace tether::manifest::detail {
namespace {

bool is_operation_name(std::string_view name) {
    bool segment_start = true;
    for (char c : name) {
        if (c == '.') {
            if (segment_start) return false;
            segment_start = true;
            continue;
        }
        bool lower = c >= 'a' && c <= 'z';
        if (segment_start ? !lower : !(lower || (c >= '0' && c <= '9') || c == '_')) return false;
        segment_start = false;
    }
    return !name.empty() && !segment_start;
}

bool is_wire_name(std::string_view name, param_location in) {
    if (name.empty()) return false;
    for (char c : name) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  (in != param_location::path && (c == '-' || c == '.'));
        if (!ok) return false;
    }
    return !(in == param_location::path && name.front() >= '0' && name.front() <= '9');
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// Headers tether sets itself.
constexpr std::array<std::string_view, 5> reserved_headers{"Authorization", "Content-Type", "Content-Length", "Host",
                                                           "Accept"};

void read_params(reading& ctx, mapping& op, operation& out, std::map<std::string, YAML::Mark>& declared) {
    const field* f = op.find("params");
    if (!f) return;
    auto params =
        mapping::dictionary(ctx.report, f->value, f->key_mark(), fmt::format("'params' of {}", op.what()), "parameter");
    for (const field& entry : params.fields()) {
        std::string what = fmt::format("param '{}' of {}", entry.name, op.what());
        auto m = mapping::section(ctx.report, entry.value, entry.key_mark(), what,
                                  {"in", "type", "required", "default", "enum", "minimum", "maximum", "description"});
        declared[entry.name] = entry.key_mark();
        if (!m.valid()) continue;
        param p;
        p.name = entry.name;
        auto in = m.choice("in", param_locations(), mapping::required);
        if (in) p.in = *in;
        bool is_path = in == param_location::path;
        if (in && !is_wire_name(entry.name, *in)) {
            ctx.report.error(entry.key_mark(),
                             fmt::format("{} has a name that cannot be used {}", what,
                                         is_path ? "in a path (letters, digits and '_', not starting with a digit)"
                                                 : "on the wire (letters, digits, '_', '-' and '.')"));
        }
        if (in == param_location::header)
            for (auto reserved : reserved_headers)
                if (iequals(reserved, entry.name))
                    ctx.report.error(entry.key_mark(), fmt::format("header '{}' is set by tether; {} cannot declare it",
                                                                   entry.name, op.what()));
        if (is_path) {
            if (auto required = m.find("required");
                required &&
                read_boolean(ctx.report, required->value, required->key_mark(), m.subject("required")) == false)
                ctx.report.error(required->value_mark(),
                                 fmt::format("{} is a path parameter, which is always required", what));
            if (const field* d = m.find("default"))
                ctx.report.error(d->key_mark(), fmt::format("{} is a path parameter and cannot have a default", what));
        }
        auto spec = read_value_spec(m, param_types(), !is_path);
        if (!spec) continue;
        p.spec = std::move(*spec);
        if (is_path) p.spec.required = true;
        out.params.push_back(std::move(p));
    }
}

// The path template against the declared parameters, both ways.
void check_path(reading& ctx, mapping& op, const field& path_field, operation& out,
                const std::map<std::string, YAML::Mark>& declared) {
    reporter& r = ctx.report;
    const std::string& text = out.path.text;
    if (text.front() != '/') {
        r.error(path_field.value_mark(),
                fmt::format("{} must start with '/' (it is appended to the API base)", op.subject("path")));
        return;
    }
    if (std::size_t q = text.find_first_of("?#"); q != std::string::npos) {
        r.error(mark_inside(path_field.value, q), fmt::format("{} must not contain '{}': declare query parameters in "
                                                              "'params' with 'in: query'",
                                                              op.subject("path"), text[q]));
    }
    std::vector<std::string> seen;
    std::size_t offset = 0;
    for (const auto& part : out.path.parts) {
        if (part.placeholder) {
            YAML::Mark at = mark_inside(path_field.value, offset);
            const param* p = out.find_param(part.text);
            if (std::find(seen.begin(), seen.end(), part.text) != seen.end()) {
                r.error(at, fmt::format("path placeholder '{{{}}}' of {} appears twice", part.text, op.what()));
            } else if (p && p->in != param_location::path) {
                r.error(at, fmt::format("path placeholder '{{{}}}' of {} names a parameter declared 'in: {}'; path "
                                        "placeholders need 'in: path'",
                                        part.text, op.what(), to_string(p->in)));
            } else if (!p && !declared.count(part.text)) {
                std::string names;
                for (const auto& candidate : out.params)
                    if (candidate.in == param_location::path) names += (names.empty() ? "" : ", ") + candidate.name;
                r.error(at, fmt::format("path placeholder '{{{}}}' of {} is not a declared parameter (declare it in "
                                        "'params' with 'in: path'{})",
                                        part.text, op.what(), names.empty() ? "" : "; path parameters: " + names));
            }
            seen.push_back(part.text);
        }
        offset += part.text.size() + (part.placeholder ? 2 : 0);
    }
    for (const auto& p : out.params)
        if (p.in == param_location::path && std::find(seen.begin(), seen.end(), p.name) == seen.end())
            r.error(declared.at(p.name),
                    fmt::format("path parameter '{}' of {} does not appear in its path '{}'", p.name, op.what(), text));
}

void read_pagination(reading& ctx, mapping& op, operation& out) {
    static const std::vector<std::string_view> offset_keys{"page_param", "page_size_param", "total_pages_field",
                                                           "first_page"};
    static const std::vector<std::string_view> token_keys{"cursor_param", "cursor_field", "limit_param"};
    auto m = op.nested("pagination", fmt::format("'pagination' of {}", op.what()),
                       {"style", "items_field", "page_size", "fixed_query", "page_param", "page_size_param",
                        "total_pages_field", "first_page", "cursor_param", "cursor_field", "limit_param"});
    if (!m || !m->valid()) return;
    reporter& r = ctx.report;
    pagination_spec& pages = out.pagination;
    auto style = m->choice("style", pagination_styles(), mapping::required);
    if (!style) return;
    pages.style = *style;

    auto not_applicable = [&](const std::vector<std::string_view>& keys) {
        for (auto key : keys)
            if (const field* f = m->find(key))
                r.error(f->key_mark(),
                        fmt::format("{} does not apply to pagination style {}", m->subject(key), to_string(*style)));
    };
    auto pointer = [&](std::string_view key, std::string& into) {
        auto text = m->string(key, mapping::required);
        if (!text) return;
        if (auto problem = json_pointer_problem(*text))
            r.error(m->find(key)->value_mark(), fmt::format("{} {}", m->subject(key), *problem));
        else
            into = *text;
    };
    if (*style == pagination_style::none) {
        not_applicable(offset_keys);
        not_applicable(token_keys);
        not_applicable({"items_field", "page_size", "fixed_query"});
        return;
    }
    pointer("items_field", pages.items_field);
    pages.page_size = m->integer("page_size", 1, 100000);
    if (const field* f = m->find("fixed_query")) {
        auto fixed = mapping::dictionary(r, f->value, f->key_mark(), m->subject("fixed_query"), "query parameter");
        for (const field& q : fixed.fields())
            if (auto text = read_string(r, q.value, q.key_mark(), fixed.subject(q.name)))
                pages.fixed_query.emplace_back(q.name, *text);
    }
    std::string_view size_param_key;
    if (*style == pagination_style::offset) {
        not_applicable(token_keys);
        pages.page_param = m->string("page_param", mapping::required).value_or("");
        pages.page_size_param = m->string("page_size_param").value_or("");
        pointer("total_pages_field", pages.total_pages_field);
        pages.first_page = m->integer("first_page", 0, 1).value_or(1);
        size_param_key = "page_size_param";
    } else {
        not_applicable(offset_keys);
        pages.cursor_param = m->string("cursor_param", mapping::required).value_or("");
        pointer("cursor_field", pages.cursor_field);
        pages.limit_param = m->string("limit_param").value_or("");
        size_param_key = "limit_param";
    }
    if (m->has("page_size") && !m->has(size_param_key))
        r.error(m->find("page_size")->key_mark(),
                fmt::format("{} needs '{}' naming the query parameter that carries it", m->subject("page_size"),
                            size_param_key));
}

// Parameters the pagination sets must not also be declared by the caller.
void check_pagination_params(reading& ctx, const operation& out, const std::map<std::string, YAML::Mark>& declared) {
    std::vector<std::string> managed{out.pagination.page_param, out.pagination.page_size_param,
                                     out.pagination.cursor_param, out.pagination.limit_param};
    for (const auto& [name, _] : out.pagination.fixed_query) managed.push_back(name);
    for (const auto& name : managed) {
        if (name.empty()) continue;
        if (auto it = declared.find(name); it != declared.end())
            ctx.report.error(it->second,
                             fmt::format("parameter '{}' of operation '{}' is set by its pagination; remove "
                                         "it from 'params'",
                                         name, out.name));
    }
}

// The JSON pointers to a webhook's shared secret and id in the operation's answer.
void read_webhook_secret(reading& ctx, mapping& op, operation& out) {
    auto m =
        op.nested("webhook_secret", fmt::format("'webhook_secret' of {}", op.what()), {"each", "secret", "webhook_id"});
    if (!m || !m->valid()) return;
    webhook_secret_spec spec;
    bool complete = true;
    for (auto [key, into] : {std::pair{"each", &spec.each}, std::pair{"secret", &spec.secret},
                             std::pair{"webhook_id", &spec.webhook_id}}) {
        const bool optional = std::string_view(key) == "each";
        if (optional && !m->has(key)) continue;
        auto text = m->string(key, optional ? mapping::optional : mapping::required);
        if (!text) {
            complete = false;
        } else if (auto problem = json_pointer_problem(*text)) {
            ctx.report.error(m->find(key)->value_mark(), fmt::format("{} {}", m->subject(key), *problem));
            complete = false;
        } else {
            *into = *text;
        }
    }
    if (complete) out.webhook_secret = std::move(spec);
}

void read_operation(reading& ctx, const field& entry) {
    reporter& r = ctx.report;
    auto m = mapping::section(r, entry.value, entry.key_mark(), fmt::format("operation '{}'", entry.name),
                              {"description", "method", "path", "params", "body", "required_scopes", "pagination",
                               "idempotent", "resource", "max_response_bytes", "webhook_secret", "extension",
                               "hooks"});
    if (!m.valid()) return;
    operation op;
    op.name = entry.name;
    if (auto description = m.string("description")) op.description = *description;
    if (m.has("extension")) {
        read_code_operation(ctx, m, op);
        ctx.model.operations.push_back(std::move(op));
        return;
    }
    auto method = m.choice("method", http_methods(), mapping::required);
    if (method) op.method = *method;
    bool safe_method =
        !method || *method == http_method::get || *method == http_method::put || *method == http_method::del;

    std::map<std::string, YAML::Mark> declared;
    read_params(ctx, m, op, declared);
    if (const field* path = m.require("path")) {
        if (auto tmpl = read_template(r, *path, m.subject("path"))) {
            op.path = std::move(*tmpl);
            check_path(ctx, m, *path, op, declared);
        }
    }

    op.body = (method == http_method::get || method == http_method::del) ? body_mode::none : body_mode::optional;
    if (auto body = m.choice("body", body_modes())) {
        op.body = *body;
        if (method == http_method::get && *body != body_mode::none)
            r.error(m.find("body")->value_mark(),
                    fmt::format("{} is GET, which carries no body; use 'body: none'", m.what()));
    }
    if (auto scopes = m.string_list("required_scopes")) {
        const field* f = m.find("required_scopes");
        for (std::size_t i = 0; i < scopes->size(); ++i)
            ctx.refs.scopes.push_back(name_ref{(*scopes)[i], f->value[i].Mark(), m.subject("required_scopes")});
        op.required_scopes = std::move(*scopes);
    }
    read_pagination(ctx, m, op);
    check_pagination_params(ctx, op, declared);
    op.idempotent = m.boolean("idempotent").value_or(safe_method);
    op.max_response_bytes = m.integer("max_response_bytes", 1024, 1024 * 1024 * 1024).value_or(op.max_response_bytes);
    if (auto resource = m.nested("resource", fmt::format("'resource' of {}", m.what()), {"kind", "param"})) {
        auto kind = resource->string("kind", mapping::required);
        auto name = resource->string("param", mapping::required);
        if (name && !declared.count(*name))
            r.error(resource->find("param")->value_mark(), fmt::format("{} names '{}', which is not a parameter of {}",
                                                                       resource->subject("param"), *name, m.what()));
        if (kind && name) op.resource = resource_ref{*kind, *name};
    }
    read_webhook_secret(ctx, m, op);
    read_hooks(ctx, m, op);
    ctx.model.operations.push_back(std::move(op));
}

}  // namespace

void read_operations(mapping& root, reading& ctx) {
    const field* section = root.require("operations");
    if (!section) return;
    auto entries = mapping::dictionary(ctx.report, section->value, section->key_mark(), "'operations'", "operation");
    if (entries.valid() && entries.fields().empty())
        ctx.report.error(section->key_mark(), "'operations' must declare at least one operation");
    for (const field& entry : entries.fields()) {
        ctx.refs.declared_operations.insert(entry.name);
        if (!is_operation_name(entry.name)) {
            ctx.report.error(entry.key_mark(),
                             fmt::format("operation name '{}' must be dotted lowercase words such as "
                                         "sheets.get (letters, digits and '_', each word starting with "
                                         "a letter)",
                                         entry.name));
            continue;
        }
        read_operation(ctx, entry);
    }
}

}  // namespace tether::manifest::detail
