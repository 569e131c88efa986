// Client credentials connections (RFC 6749 §4.4, an `auth.methods` entry of type client_credentials): the
// app's own token, no user and no refresh token. Connecting fetches the first token; the refresher fetches
// the next one the same way when it expires or a 401 says so, under the connection's single flight.
#pragma once

#include "plugin/auth/auth_context.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

// Fetches a token with the client's credentials and stores it as the connection's grant (a new grant).
// Statuses: ok (reason authorized; body {connection_id, auth_method, scopes, expires_in}), config_error
// (not_client_credentials, auth_method_required, client_credentials_missing, or the rules' verdict on the
// answer, e.g. invalid_client), reconnect_required (the rules say so), transient (with retry-after),
// storage_error (the token is held in memory).
outcome connect_with_client_credentials(auth_context& ctx);

// The scopes a client credentials grant of `method` requests (none when the manifest no longer declares it).
std::vector<std::string> client_credentials_scopes(const manifest::auth_spec& auth, const std::string& method);

}  // namespace tether::auth
