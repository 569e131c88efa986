// {placeholder} templates: the one parser and expander for paths and URLs.
#include "plugin/manifest/templates.hpp"

namespace tether::manifest {
namespace {

bool name_start(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool name_char(char c) {
    return name_start(c) || (c >= '0' && c <= '9');
}

}  // namespace

std::variant<string_template, template_error> parse_template(std::string_view text) {
    string_template out;
    out.text = std::string(text);
    std::string literal;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '}') return template_error{i, "unmatched '}'"};
        if (c != '{') {
            literal += c;
            continue;
        }
        std::size_t close = text.find('}', i + 1);
        if (close == std::string_view::npos) return template_error{i, "unclosed '{'"};
        std::string_view name = text.substr(i + 1, close - i - 1);
        if (name.empty()) return template_error{i, "empty placeholder '{}'"};
        if (!name_start(name.front())) return template_error{i + 1, "placeholder name must start with a letter or '_'"};
        for (std::size_t k = 0; k < name.size(); ++k)
            if (!name_char(name[k]))
                return template_error{i + 1 + k, "placeholder name may contain only letters, digits and '_'"};
        if (!literal.empty()) out.parts.push_back({false, std::move(literal)});
        literal.clear();
        out.parts.push_back({true, std::string(name)});
        i = close;
    }
    if (!literal.empty()) out.parts.push_back({false, std::move(literal)});
    return out;
}

std::string expand(const string_template& tmpl, const std::function<std::string(std::string_view)>& value_of) {
    std::string out;
    out.reserve(tmpl.text.size() + 32);  // room for typical values: one allocation for an id or two
    for (const auto& part : tmpl.parts) out += part.placeholder ? value_of(part.text) : part.text;
    return out;
}

}  // namespace tether::manifest
