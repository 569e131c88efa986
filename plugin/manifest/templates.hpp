// {placeholder} templates: parsing (at load) and expansion (per call or per connection).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <variant>

#include "plugin/manifest/model.hpp"

namespace tether::manifest {

struct template_error {
    std::size_t offset = 0;  // 0-based offset in the text where the problem is
    std::string message;
};

// Splits `text` into literals and {name} placeholders; a name is [A-Za-z_][A-Za-z0-9_]*. There is no
// escape for a literal brace: an unmatched '{' or '}' is an error.
std::variant<string_template, template_error> parse_template(std::string_view text);

// Replaces every placeholder by value_of(name); literals are copied as they are.
std::string expand(const string_template& tmpl, const std::function<std::string(std::string_view)>& value_of);

}  // namespace tether::manifest
