// From what the host asked (operation, parameters, body) to the HTTP request: parameters bound and guarded,
// the body checked as JSON, the query of a page added. Everything wrong is a BAD_REQUEST before any sending.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "plugin/call/call_limits.hpp"
#include "plugin/call/call_request.hpp"
#include "plugin/core/outcome.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/request_binding.hpp"

namespace tether::call {

using query_list = std::vector<std::pair<std::string, std::string>>;

// A call whose operation, parameters and body have been checked.
struct prepared_call {
    const manifest::operation* op = nullptr;
    boost::json::object params;       // as the host gave them (for the resource id of a 403/404)
    manifest::bound_request binding;  // path encoded, query and headers bound
    bool has_body = false;
    std::string body;  // valid JSON when has_body
};

// The operation looked up, the parameters parsed, bound (types, enums, ranges) and guarded (CR/LF/NUL,
// traversal), the body checked against the operation's body mode and parsed as JSON. A failure is an
// outcome with status bad_request (reason unknown_operation, params_invalid, params_unsafe,
// body_not_allowed, body_required or body_invalid). Pure.
std::variant<prepared_call, outcome> prepare_call(const manifest::connector_manifest& manifest,
                                                  const call_request& request);

// The request to send: api_base + path + query (`page_query` appended, for pagination), Accept, Content-Type
// with a body, the header parameters, and an empty Authorization header last (filled on every attempt); the
// response body capped at the operation's max_response_bytes.
http::request http_request_for(const prepared_call& call, std::string_view api_base, const query_list& page_query,
                               const call_limits& limits);

}  // namespace tether::call
