// JSON pointers (RFC 6901) name fields of response bodies: the error body shape and pagination fields.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace tether::manifest {

// nullopt when `pointer` is a well-formed non-empty JSON pointer ("/errorCode", "/result/items/0");
// otherwise what is wrong with it.
std::optional<std::string> json_pointer_problem(std::string_view pointer);

// The value `pointer` names in `doc`, or nullptr (absent, or a malformed pointer). Never throws.
const boost::json::value* find_at(const boost::json::value& doc, std::string_view pointer) noexcept;

}  // namespace tether::manifest
