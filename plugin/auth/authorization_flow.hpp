// The authorization-code flow of a connection: begin (a random state, a PKCE verifier when the manifest asks,
// remembered in the record so that any process may complete it) and complete (the state checked, the code
// exchanged, the new grant stored — never lost, since the code cannot be exchanged twice).
#pragma once

#include <string>

#include "plugin/auth/auth_context.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

// How the callback came back to the host: a full redirect URL, or its code and state.
struct authorization_response {
    std::string callback_url;
    std::string code;
    std::string state;
};

// Statuses: ok (reason authorization_pending; body {"authorize_url","state"}), config_error (an API-token
// connector), storage_error, host_error (the host's random source failed).
outcome begin_authorization(auth_context& ctx);

// Statuses: ok (reason authorized; body {"connection_id","user_id","scopes","expires_in"}),
// reconnect_required (state_mismatch, access_denied, authorization_expired, or what the token endpoint's
// rules say, e.g. authorization_code_expired), bad_request (callback_invalid: a callback URL with neither a
// code nor an error), transient, config_error, storage_error (the new tokens are held in memory).
outcome complete_authorization(auth_context& ctx, const authorization_response& response);

}  // namespace tether::auth
