// Binding a caller's parameters to an operation: checked against the declared parameters, defaults applied,
// the path template filled in. Pagination parameters are left to the call pipeline.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "plugin/manifest/model.hpp"

namespace tether::manifest {

struct bound_request {
    http_method method = http_method::get;
    std::string path;  // relative to the API base, each path value percent-encoded
    std::vector<std::pair<std::string, std::string>> query;    // in declaration order, not encoded
    std::vector<std::pair<std::string, std::string>> headers;  // in declaration order

    // path + "?" + the percent-encoded query (',' kept, so lists read ids=1,2), or just path.
    std::string target() const;
    // The same with `more` query pairs after the bound ones, appended to `out` (a base URL, say).
    void append_target(std::string& out, const std::vector<std::pair<std::string, std::string>>& more) const;
};

// Checks `params` (a JSON object of parameter name → value) against `op`: unknown names (including
// pagination parameters, which the engine sets), missing required ones, types, enums, ranges, and header
// values with control characters are all reported, each naming the parameter. Lists are sent joined by ','.
// Never throws except std::bad_alloc; thread-safe.
std::variant<bound_request, std::vector<std::string>> bind_request(const operation& op,
                                                                   const boost::json::object& params);

// RFC 3986 percent-encoding of everything but unreserved characters and those in `keep`.
std::string percent_encode(std::string_view text, std::string_view keep = "");

}  // namespace tether::manifest
