// Checking a JSON value (from a host or a caller) against a value_spec, and rendering typed values as text
// for URLs and headers. Shared by settings resolution and request binding. Internal to plugin/manifest.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "plugin/manifest/model.hpp"

namespace tether::manifest::detail {

// Exactly one of the two is set: the typed value, or a problem starting with `subject`
// ("setting 'region' must be ...").
struct checked_value {
    std::optional<value> typed;
    std::string problem;
};

// Checks `given` against type, enum, range and (for url) the URL rule. With `secret` the given value is
// never quoted in the problem.
checked_value check_json_value(const value_spec& spec, const boost::json::value& given, std::string_view subject,
                               bool secret);

// Text form for query strings, headers and URL placeholders: true/false, decimal integers, list items
// joined with ','.
std::string render(const value& v);

// The value as JSON.
boost::json::value to_json(const value& v);

}  // namespace tether::manifest::detail
