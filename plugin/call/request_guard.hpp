// Parameter values that would change a request's meaning on the wire are refused before anything is sent:
// CR, LF or NUL in any value (header splitting, log forging), and in path values empty values or dot
// segments, literal or percent-encoded ("..", "a/../b", "%2e%2e", "%252e%252e") — no path traversal.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "plugin/manifest/model.hpp"

namespace tether::call {

// nullopt when every value of `params` is safe for `op`; otherwise a message naming the first parameter at
// fault (its value is not quoted: it may be anything). Pure, thread-safe.
std::optional<std::string> unsafe_parameter(const manifest::operation& op, const boost::json::object& params);

// Whether a path value, once percent-decoded (repeatedly, as a lenient server might), is or contains a
// dot segment ("." or ".." between '/' or '\'), or a CR, LF or NUL.
bool path_value_unsafe(std::string_view value);

// Whether text has a CR, LF or NUL.
bool has_line_break_or_nul(std::string_view text);

}  // namespace tether::call
