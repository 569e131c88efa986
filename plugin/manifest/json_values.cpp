// One set of rules for values arriving as JSON, whether settings from a host or parameters from a caller.
#include "plugin/manifest/json_values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/string.hpp>
#include <cmath>
#include <limits>

#include "plugin/manifest/url_rules.hpp"

namespace tether::manifest::detail {
namespace {

std::string kind_of(const boost::json::value& v) {
    switch (v.kind()) {
        case boost::json::kind::null:
            return "null";
        case boost::json::kind::bool_:
            return "a boolean";
        case boost::json::kind::int64:
        case boost::json::kind::uint64:
        case boost::json::kind::double_:
            return "a number";
        case boost::json::kind::string:
            return "a string";
        case boost::json::kind::array:
            return "an array";
        case boost::json::kind::object:
            return "an object";
    }
    return "something else";
}

std::optional<std::int64_t> as_integer(const boost::json::value& v) {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        return static_cast<std::int64_t>(v.get_uint64());
    if (v.is_double()) {
        double d = v.get_double();
        constexpr double exact = 9007199254740992.0;  // 2^53: beyond it doubles skip integers
        if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) <= exact) return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

std::string join(const std::vector<std::string>& words) {
    std::string out;
    for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
    return out;
}

// nullopt when allowed; else the complaint (without the value when secret).
std::optional<std::string> check_enum(const value_spec& spec, const std::string& text, std::string_view subject,
                                      bool secret) {
    if (spec.allowed.empty() || std::find(spec.allowed.begin(), spec.allowed.end(), text) != spec.allowed.end())
        return std::nullopt;
    if (secret)
        return fmt::format("{} must be one of the values its enum allows (the given value is not shown)", subject);
    return fmt::format("{} must be one of: {} (got '{}')", subject, join(spec.allowed), text);
}

std::optional<std::string> check_range(const value_spec& spec, std::int64_t n, std::string_view subject, bool secret) {
    auto shown = [&] { return secret ? std::string() : fmt::format(" (got {})", n); };
    if (spec.minimum && n < *spec.minimum)
        return fmt::format("{} must be at least {}{}", subject, *spec.minimum, shown());
    if (spec.maximum && n > *spec.maximum)
        return fmt::format("{} must be at most {}{}", subject, *spec.maximum, shown());
    return std::nullopt;
}

// Values may arrive as text (from a command line, an environment variable or a query string): "42" for an
// integer, "true" for a boolean, "A B" or "A,B" for a list. Returns the JSON they stand for, or nullopt to
// check the text as it is (and report it as the wrong type).
std::optional<boost::json::value> from_text(value_type type, std::string_view text) {
    auto split = [](std::string_view t) {
        std::vector<std::string> parts;
        std::size_t start = 0;
        while (start <= t.size()) {
            const std::size_t end = std::min(t.find_first_of(", \t", start), t.size());
            if (end > start) parts.emplace_back(t.substr(start, end - start));
            start = end + 1;
        }
        return parts;
    };
    auto integer = [](std::string_view t) -> std::optional<std::int64_t> {
        if (t.empty() || t.size() > 19) return std::nullopt;
        std::size_t i = t[0] == '-' ? 1 : 0;
        if (i == t.size()) return std::nullopt;
        std::int64_t n = 0;
        for (; i < t.size(); ++i) {
            if (t[i] < '0' || t[i] > '9') return std::nullopt;
            n = n * 10 + (t[i] - '0');
        }
        return t[0] == '-' ? -n : n;
    };
    switch (type) {
        case value_type::integer:
            if (auto n = integer(text)) return boost::json::value(*n);
            return std::nullopt;
        case value_type::boolean:
            if (text == "true") return boost::json::value(true);
            if (text == "false") return boost::json::value(false);
            return std::nullopt;
        case value_type::string_list: {
            boost::json::array items;
            for (auto& part : split(text)) items.emplace_back(boost::json::string(part));
            return boost::json::value(std::move(items));
        }
        case value_type::integer_list: {
            boost::json::array items;
            for (auto& part : split(text)) {
                auto n = integer(part);
                if (!n) return std::nullopt;
                items.emplace_back(*n);
            }
            return boost::json::value(std::move(items));
        }
        case value_type::string:
        case value_type::url:
            return std::nullopt;
    }
    return std::nullopt;
}

}  // namespace

checked_value check_json_value(const value_spec& spec, const boost::json::value& given, std::string_view subject,
                               bool secret) {
    if (given.is_string()) {
        if (auto converted = from_text(spec.type, given.get_string())) {
            return check_json_value(spec, *converted, subject, secret);
        }
    }
    // One named result, filled in place: GCC 12 with sanitizers reports false "maybe uninitialized"
    // warnings when a temporary `value` is moved into a wrapping optional or variant.
    checked_value out;
    auto fail = [&](std::string problem) -> checked_value& {
        out.problem = std::move(problem);
        return out;
    };
    auto wrong_type = [&](std::string_view expected) -> checked_value& {
        return fail(fmt::format("{} must be {}, got {}", subject, expected, kind_of(given)));
    };
    switch (spec.type) {
        case value_type::string:
        case value_type::url: {
            if (!given.is_string()) return wrong_type(spec.type == value_type::url ? "a URL string" : "a string");
            std::string text(given.get_string());
            if (text.empty()) return fail(fmt::format("{} must not be empty", subject));
            if (spec.type == value_type::url) {
                if (auto problem = url_problem(text)) return fail(fmt::format("{}: the URL {}", subject, *problem));
            }
            if (auto problem = check_enum(spec, text, subject, secret)) return fail(std::move(*problem));
            out.typed.emplace(std::in_place_type<std::string>, std::move(text));
            return out;
        }
        case value_type::integer: {
            auto n = as_integer(given);
            if (!n) return wrong_type("an integer");
            if (auto problem = check_range(spec, *n, subject, secret)) return fail(std::move(*problem));
            out.typed.emplace(std::in_place_type<std::int64_t>, *n);
            return out;
        }
        case value_type::boolean:
            if (!given.is_bool()) return wrong_type("true or false");
            out.typed.emplace(std::in_place_type<bool>, given.get_bool());
            return out;
        case value_type::string_list: {
            if (!given.is_array()) return wrong_type("an array of strings");
            std::vector<std::string> items;
            for (const auto& item : given.get_array()) {
                if (!item.is_string())
                    return fail(fmt::format("{} must be an array of strings, but item {} is {}", subject,
                                            items.size() + 1, kind_of(item)));
                std::string text(item.get_string());
                if (auto problem =
                        check_enum(spec, text, fmt::format("item {} of {}", items.size() + 1, subject), secret))
                    return fail(std::move(*problem));
                items.push_back(std::move(text));
            }
            out.typed.emplace(std::in_place_type<std::vector<std::string>>, std::move(items));
            return out;
        }
        case value_type::integer_list: {
            if (!given.is_array()) return wrong_type("an array of integers");
            std::vector<std::int64_t> items;
            for (const auto& item : given.get_array()) {
                auto n = as_integer(item);
                if (!n)
                    return fail(fmt::format("{} must be an array of integers, but item {} is {}", subject,
                                            items.size() + 1, kind_of(item)));
                if (auto problem =
                        check_range(spec, *n, fmt::format("item {} of {}", items.size() + 1, subject), secret))
                    return fail(std::move(*problem));
                items.push_back(*n);
            }
            out.typed.emplace(std::in_place_type<std::vector<std::int64_t>>, std::move(items));
            return out;
        }
    }
    return fail(fmt::format("{} has an unsupported type", subject));
}

std::string render(const value& v) {
    struct visitor {
        std::string operator()(bool b) const { return b ? "true" : "false"; }
        std::string operator()(std::int64_t n) const { return std::to_string(n); }
        std::string operator()(const std::string& s) const { return s; }
        std::string operator()(const std::vector<std::string>& items) const {
            return fmt::format("{}", fmt::join(items, ","));
        }
        std::string operator()(const std::vector<std::int64_t>& items) const {
            return fmt::format("{}", fmt::join(items, ","));
        }
    };
    return std::visit(visitor{}, v);
}

boost::json::value to_json(const value& v) {
    struct visitor {
        boost::json::value operator()(bool b) const { return b; }
        boost::json::value operator()(std::int64_t n) const { return n; }
        boost::json::value operator()(const std::string& s) const { return boost::json::string(s); }
        boost::json::value operator()(const std::vector<std::string>& items) const {
            boost::json::array out;
            for (const auto& s : items) out.emplace_back(boost::json::string(s));
            return out;
        }
        boost::json::value operator()(const std::vector<std::int64_t>& items) const {
            boost::json::array out;
            for (auto n : items) out.emplace_back(n);
            return out;
        }
    };
    return std::visit(visitor{}, v);
}

}  // namespace tether::manifest::detail
