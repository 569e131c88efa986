// Reading what settings and parameters have in common: typed values with defaults, enums and ranges, and
// {placeholder} templates located to the column.
#include <algorithm>
#include <limits>

#include "plugin/manifest/sections.hpp"
#include "plugin/manifest/templates.hpp"
#include "plugin/manifest/url_rules.hpp"

namespace tether::manifest::detail {
namespace {

constexpr auto int_min = std::numeric_limits<std::int64_t>::min();
constexpr auto int_max = std::numeric_limits<std::int64_t>::max();

bool is_string_type(value_type t) {
    return t == value_type::string || t == value_type::string_list;
}
bool is_integer_type(value_type t) {
    return t == value_type::integer || t == value_type::integer_list;
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ", ";
        out += w;
    }
    return out;
}

// Checks one string element against the enum, reporting at `at`.
// `subject` names the value ("default of setting 'plan'").
bool check_allowed(reporter& r, const value_spec& spec, const std::string& text, const YAML::Mark& at,
                   std::string_view subject) {
    if (spec.allowed.empty() || std::find(spec.allowed.begin(), spec.allowed.end(), text) != spec.allowed.end())
        return true;
    r.error(at, fmt::format("{} is '{}', which is not one of its enum values: {}", subject, text, join(spec.allowed)));
    return false;
}

bool check_range(reporter& r, const value_spec& spec, std::int64_t number, const YAML::Mark& at,
                 std::string_view subject) {
    if (spec.minimum && number < *spec.minimum) {
        r.error(at, fmt::format("{} is {}, below its minimum {}", subject, number, *spec.minimum));
        return false;
    }
    if (spec.maximum && number > *spec.maximum) {
        r.error(at, fmt::format("{} is {}, above its maximum {}", subject, number, *spec.maximum));
        return false;
    }
    return true;
}

// Reads `default` into spec.default_value (left empty when the value is wrong, which is reported).
// Emplaces rather than returning an optional<value>: GCC 12 under -fsanitize warns (falsely) about
// uninitialized variant storage in the latter.
void read_default(mapping& m, const field& f, value_spec& spec) {
    reporter& r = m.report();
    std::string subject = m.subject("default");
    std::string of = fmt::format("the default of {}", m.what());
    const YAML::Mark at = f.value_mark();
    switch (spec.type) {
        case value_type::string: {
            auto text = read_string(r, f.value, f.key_mark(), subject);
            if (!text || !check_allowed(r, spec, *text, at, of)) return;
            spec.default_value.emplace(std::in_place_type<std::string>, *text);
            return;
        }
        case value_type::url: {
            auto text = read_string(r, f.value, f.key_mark(), subject);
            if (!text) return;
            if (auto problem = url_problem(*text)) {
                r.error(at, fmt::format("{}: URL '{}' {}", subject, *text, *problem));
                return;
            }
            spec.default_value.emplace(std::in_place_type<std::string>, *text);
            return;
        }
        case value_type::integer: {
            auto number = read_integer(r, f.value, f.key_mark(), subject, int_min, int_max);
            if (!number || !check_range(r, spec, *number, at, of)) return;
            spec.default_value.emplace(std::in_place_type<std::int64_t>, *number);
            return;
        }
        case value_type::boolean: {
            auto flag = read_boolean(r, f.value, f.key_mark(), subject);
            if (!flag) return;
            spec.default_value.emplace(std::in_place_type<bool>, *flag);
            return;
        }
        case value_type::string_list: {
            auto items = read_string_list(r, f.value, f.key_mark(), subject);
            if (!items) return;
            bool ok = true;
            for (std::size_t i = 0; i < items->size(); ++i)
                ok = check_allowed(r, spec, (*items)[i], f.value[i].Mark(), fmt::format("item {} of {}", i + 1, of)) &&
                     ok;
            if (!ok) return;
            spec.default_value.emplace(std::in_place_type<std::vector<std::string>>, std::move(*items));
            return;
        }
        case value_type::integer_list: {
            if (!f.value.IsSequence()) {
                r.error(at, fmt::format("{} must be a list of integers, got {}", subject, describe(f.value)));
                return;
            }
            std::vector<std::int64_t> numbers;
            bool ok = true;
            for (std::size_t i = 0; i < f.value.size(); ++i) {
                auto number =
                    read_integer(r, f.value[i], at, fmt::format("item {} of {}", i + 1, subject), int_min, int_max);
                if (number && check_range(r, spec, *number, f.value[i].Mark(), fmt::format("item {} of {}", i + 1, of)))
                    numbers.push_back(*number);
                else
                    ok = false;
            }
            if (!ok) return;
            spec.default_value.emplace(std::in_place_type<std::vector<std::int64_t>>, std::move(numbers));
            return;
        }
    }
    return;
}

}  // namespace

std::optional<value_spec> read_value_spec(mapping& m, std::span<const word<value_type>> types, bool may_default) {
    reporter& r = m.report();
    value_spec spec;
    auto type = m.choice("type", types, mapping::required);
    if (auto required = m.boolean("required")) spec.required = *required;
    if (auto description = m.string("description")) spec.description = *description;
    if (!type) return std::nullopt;
    spec.type = *type;
    std::string type_name(to_string(spec.type));

    if (const field* f = m.find("enum")) {
        if (!is_string_type(spec.type)) {
            r.error(f->key_mark(), fmt::format("'enum' in {} applies only to string and string_list (type is {}); "
                                               "use minimum/maximum for integers",
                                               m.what(), type_name));
        } else if (auto items = read_string_list(r, f->value, f->key_mark(), m.subject("enum"))) {
            if (items->empty())
                r.error(f->value_mark(), fmt::format("{} must list at least one value", m.subject("enum")));
            for (std::size_t i = 0; i < items->size(); ++i) {
                const std::string& item = (*items)[i];
                if (std::find(items->begin(), items->begin() + static_cast<std::ptrdiff_t>(i), item) !=
                    items->begin() + static_cast<std::ptrdiff_t>(i))
                    r.error(f->value[i].Mark(), fmt::format("'{}' appears twice in {}", item, m.subject("enum")));
            }
            spec.allowed = std::move(*items);
        }
    }
    for (std::string_view bound : {"minimum", "maximum"}) {
        const field* f = m.find(bound);
        if (!f) continue;
        if (!is_integer_type(spec.type)) {
            r.error(f->key_mark(), fmt::format("'{}' in {} applies only to integer and integer_list (type is {})",
                                               bound, m.what(), type_name));
            continue;
        }
        auto number = read_integer(r, f->value, f->key_mark(), m.subject(bound), int_min, int_max);
        (bound == "minimum" ? spec.minimum : spec.maximum) = number;
    }
    if (spec.minimum && spec.maximum && *spec.minimum > *spec.maximum)
        r.error(m.find("maximum")->value_mark(),
                fmt::format("'maximum' in {} ({}) is below 'minimum' ({})", m.what(), *spec.maximum, *spec.minimum));

    if (const field* f = m.find("default"); f && may_default) {
        if (spec.required)
            r.error(f->key_mark(), fmt::format("{} is required, so its 'default' would never be used; "
                                               "remove one of them",
                                               m.what()));
        else
            read_default(m, *f, spec);
    }
    return spec;
}

YAML::Mark mark_inside(const yaml_node& scalar, std::size_t offset) {
    YAML::Mark at = scalar.Mark();
    if (at.is_null()) return at;
    bool quoted = scalar.Tag() == "!" && scalar.Scalar().find('\n') == std::string::npos;
    at.column += static_cast<int>(offset) + (quoted ? 1 : 0);
    return at;
}

std::optional<string_template> read_template(reporter& r, const field& f, std::string_view subject) {
    auto text = read_string(r, f.value, f.key_mark(), subject);
    if (!text) return std::nullopt;
    auto parsed = parse_template(*text);
    if (auto* error = std::get_if<template_error>(&parsed)) {
        r.error(mark_inside(f.value, error->offset), fmt::format("{}: {}", subject, error->message));
        return std::nullopt;
    }
    return std::get<string_template>(std::move(parsed));
}

void reference_url_settings(reading& ctx, const string_template& url, const field& f, std::string_view subject) {
    std::size_t offset = 0;
    for (const auto& part : url.parts) {
        if (part.placeholder)
            ctx.refs.settings.push_back(setting_ref{part.text, setting_use::url_part, mark_inside(f.value, offset),
                                                    fmt::format("placeholder '{{{}}}' in {}", part.text, subject)});
        offset += part.text.size() + (part.placeholder ? 2 : 0);
    }
}

}  // namespace tether::manifest::detail
