// Who a token acts for: the manifest's probe operation (Smartsheet: GET /users/me, which any scope may call)
// read for the user id. Recorded at authorization; compared by the health probe, which reports a changed
// user as a reconnect verdict (user_changed).
#pragma once

#include <string>

#include "plugin/auth/auth_context.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

// The user id the probe operation reports for `access_token`; "" when the manifest declares no probe or
// the probe does not answer one (logged; the authorization goes on without it).
std::string probe_user_id(auth_context& ctx, const std::string& access_token);

// The live probe saw `seen_user_id` act through the connection's token: when the grant was made by another
// user, only a human can fix it. OK when the same (or unknown) user; else RECONNECT_REQUIRED (user_changed).
outcome check_probed_user(auth_context& ctx, const std::string& seen_user_id);

}  // namespace tether::auth
