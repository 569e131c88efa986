// Connections that authenticate with an API token (`auth.type: api_token`, or an `auth.methods` entry of
// type api_token beside OAuth 2.0): a token the user created in the provider's UI,
// handed over by the host (authorize_with_token) or given with the connection's settings. It cannot be
// refreshed: when the provider rejects it, only a new token fixes it (reconnect, api_token_invalid).
#pragma once

#include <optional>
#include <string>

#include "plugin/auth/auth_context.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

// Stores `access_token` as the connection's grant (a new grant: no lesson or verdict of an earlier one
// survives). Statuses: ok (reason authorized), config_error (no API token method: not_api_token; several
// and the auth_method setting names none: auth_method_required), storage_error.
outcome store_api_token(auth_context& ctx, const std::string& access_token);

// For an api_token connector whose settings carry the token and whose record holds no grant yet: stores
// it as if handed over with store_api_token. nullopt when done or not applicable; else the storage failure.
std::optional<outcome> adopt_settings_api_token(auth_context& ctx);

}  // namespace tether::auth
