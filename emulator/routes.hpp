// The routes the emulator serves, the context a route handler gets, and the handlers themselves.
#pragma once

#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reply.hpp"
#include "state.hpp"

namespace tether::emulator::detail {

// Handed to a route handler, with the state's mutex held.
struct request_context {
    const httplib::Request& http;
    emulator_state& state;
    std::vector<std::int64_t> ids;  // the {…Id} path segments, in order
    std::int64_t user_id = 0;       // bearer routes: the token's user
    std::string bearer;             // bearer routes: the access token presented
    std::string fired_fault;        // set by a handler that applied a token-endpoint fault (for the log)

    // Query-string and form-body parameters alike (the token endpoint accepts both).
    std::string param(const std::string& name) const { return http.get_param_value(name); }
    bool has_param(const std::string& name) const { return http.has_param(name); }
    emulator_time now() const { return state.clock.now(); }
    reply error(int status, int error_code, const std::vector<std::string>& details = {}) const;
};

using route_handler = reply (*)(request_context&);

enum class auth_rule {
    none,    // /b/authorize, POST /2.0/token
    bearer,  // everything else under /2.0: a valid access token, within the rate limit
};

struct route {
    std::string_view method;
    std::string_view pattern;  // "/2.0/sheets/{sheetId}"; a {…} segment matches a number
    auth_rule auth;
    std::string_view required_scope;  // "" = any scope will do (e.g. GET /users/me)
    route_handler handler;
};

struct route_match {
    const route* found = nullptr;  // null: no route for this method and path
    bool path_exists = false;      // some route has this path (with another method): 405 rather than 404
    std::vector<std::int64_t> ids;
    std::string endpoint;  // "GET /2.0/sheets/{sheetId}", or method and literal path when unmatched
};

route_match match_route(std::string_view method, std::string_view path);
// True when the path has the pattern's shape ("/2.0/sheets/{sheetId}"); fills `ids` from the {…} segments.
bool path_matches(std::string_view pattern, std::string_view path, std::vector<std::int64_t>& ids);

// authorize_endpoint.cpp
reply authorize(request_context& ctx);
// token_endpoint.cpp
reply token_grant(request_context& ctx);
reply token_revoke(request_context& ctx);
// user_routes.cpp
reply get_current_user(request_context& ctx);
// sheet_routes.cpp
reply list_sheets(request_context& ctx);
reply get_sheet(request_context& ctx);
// row_routes.cpp
reply add_rows(request_context& ctx);
reply update_rows(request_context& ctx);
reply delete_rows(request_context& ctx);
// workspace_routes.cpp
reply list_workspaces(request_context& ctx);
// search_route.cpp
reply search(request_context& ctx);
// webhook_routes.cpp
reply list_webhooks(request_context& ctx);
reply create_webhook(request_context& ctx);
reply get_webhook(request_context& ctx);
reply update_webhook(request_context& ctx);
reply delete_webhook(request_context& ctx);
reply reset_webhook_secret(request_context& ctx);

}  // namespace tether::emulator::detail
