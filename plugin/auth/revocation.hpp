// Revoking a connection's grant: the provider's revoke endpoint called with the grant's bearer (when the
// manifest declares one), then the record emptied — also of its lesson and any verdict.
#pragma once

#include "plugin/auth/auth_context.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

struct revoke_options {
    // Also revoke every other token the provider holds for this app and user (the manifest's
    // `revoke.all_param`, e.g. Smartsheet's deleteAllForApiClient=true): tokens of the same user's other
    // connections with this app die too, and so does any pair a lost refresh answer minted.
    bool all_for_client = false;
};

// Statuses: ok (reason revoked), transient (the provider did not confirm; the tokens are kept so that the
// revoke can be retried), bad_request (revoke_all_unsupported: all_for_client without `revoke.all_param`),
// storage_error (revoked at the provider, but the emptied record could not be stored: held in memory).
outcome revoke_grant(auth_context& ctx, const revoke_options& options);

}  // namespace tether::auth
