// bind_request: a call's parameters checked and placed into path, query and headers.
#include "plugin/manifest/request_binding.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "plugin/manifest/json_values.hpp"
#include "plugin/manifest/spelling.hpp"
#include "plugin/manifest/templates.hpp"

namespace tether::manifest {
namespace {

bool is_unreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
           c == '_' || c == '~';
}

bool managed_by_pagination(const pagination_spec& p, std::string_view name) {
    if (name.empty()) return false;
    if (name == p.page_param || name == p.page_size_param || name == p.cursor_param || name == p.limit_param)
        return true;
    return std::any_of(p.fixed_query.begin(), p.fixed_query.end(), [&](const auto& q) { return q.first == name; });
}

}  // namespace

namespace {

void append_encoded(std::string& out, std::string_view text, std::string_view keep = {}) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (char c : text) {
        if (is_unreserved(c) || keep.find(c) != std::string_view::npos) {
            out += c;
        } else {
            auto byte = static_cast<unsigned char>(c);
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0f];
        }
    }
}

}  // namespace

std::string percent_encode(std::string_view text, std::string_view keep) {
    std::string out;
    out.reserve(text.size());
    append_encoded(out, text, keep);
    return out;
}

void bound_request::append_target(std::string& out,
                                  const std::vector<std::pair<std::string, std::string>>& more) const {
    out += path;
    char separator = '?';
    for (const auto* list : {&query, &more})
        for (const auto& [name, text] : *list) {
            out += separator;
            append_encoded(out, name);
            out += '=';
            append_encoded(out, text, ",");
            separator = '&';
        }
}

std::string bound_request::target() const {
    std::string out;
    append_target(out, {});
    return out;
}

std::variant<bound_request, std::vector<std::string>> bind_request(const operation& op,
                                                                   const boost::json::object& params) {
    std::vector<std::string> errors;
    for (const auto& entry : params) {
        std::string key(entry.key());
        if (op.find_param(key)) continue;
        if (managed_by_pagination(op.pagination, key)) {
            errors.push_back(fmt::format(
                "parameter '{}' of operation '{}' is set by tether's pagination; do not pass it", key, op.name));
            continue;
        }
        // Only a call that goes wrong pays for the words of its message.
        std::vector<std::string> names;
        for (const auto& p : op.params) names.push_back(p.name);
        std::vector<std::string_view> views(names.begin(), names.end());
        std::string hint = detail::closest(key, views);
        errors.push_back(
            fmt::format("unknown parameter '{}' for operation '{}' ({}expected one of: {})", key, op.name,
                        hint.empty() ? "" : fmt::format("did you mean '{}'? ", hint),
                        names.empty() ? std::string("it takes none") : fmt::format("{}", fmt::join(names, ", "))));
    }

    bound_request out;
    out.method = op.method;
    std::vector<std::pair<std::string, std::string>> path_values;
    const auto subject_of = [&](const param& p) {
        return fmt::format("parameter '{}' of operation '{}'", p.name, op.name);
    };
    for (const auto& p : op.params) {
        const boost::json::value* given = params.if_contains(p.name);
        std::optional<value> v;
        if (given && !given->is_null()) {
            // Checked without its subject first: only a value that fails pays for the words of its message.
            auto checked = detail::check_json_value(p.spec, *given, {}, false);
            if (!checked.typed) {
                errors.push_back(detail::check_json_value(p.spec, *given, subject_of(p), false).problem);
                continue;
            }
            v = std::move(checked.typed);
        } else if (p.spec.default_value) {
            v = p.spec.default_value;
        } else {
            if (p.spec.required) errors.push_back(fmt::format("missing required {}", subject_of(p)));
            continue;
        }
        std::string text = detail::render(*v);
        switch (p.in) {
            case param_location::path:
                path_values.emplace_back(p.name, std::move(text));
                break;
            case param_location::query:
                out.query.emplace_back(p.name, std::move(text));
                break;
            case param_location::header:
                if (std::any_of(text.begin(), text.end(), [](char c) { return c == '\r' || c == '\n' || c == '\0'; }))
                    errors.push_back(fmt::format("{} must not contain line breaks or NUL", subject_of(p)));
                else
                    out.headers.emplace_back(p.name, std::move(text));
                break;
        }
    }
    if (!errors.empty()) return errors;
    out.path = expand(op.path, [&](std::string_view name) {
        for (const auto& [param_name, text] : path_values)
            if (param_name == name) return percent_encode(text);
        return std::string();  // unreachable: the loader guarantees every placeholder is a path parameter
    });
    return out;
}

}  // namespace tether::manifest
