// Reading JSON request bodies as Smartsheet does: 400/1008 when unparsable, 400/1012 when a required
// attribute is missing.
#pragma once

#include <optional>

#include "routes.hpp"

namespace tether::emulator::detail {

// The parsed body, or the 1008 reply to send.
struct parsed_body {
    boost::json::value value;
    std::optional<reply> error;
};
parsed_body parse_json_body(request_context& ctx);

// A 400/1012 reply naming the missing attribute, e.g. "row.cells".
reply missing_attribute(request_context& ctx, std::string_view attribute);

// A body that is one object or an array of objects (rows), as a list; nullopt when neither.
std::optional<std::vector<const boost::json::object*>> objects_of(const boost::json::value& body);

// A JSON integer as an id; nullopt for anything else ("12", 1.5, null).
std::optional<std::int64_t> as_id(const boost::json::value& value);

// A JSON scalar as Smartsheet's text value ("12", "true", "abc").
std::string scalar_text(const boost::json::value& value);

}  // namespace tether::emulator::detail
