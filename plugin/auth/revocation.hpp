// Revoking a connection's grant: the provider's revoke endpoint called in the manifest's style (the grant's
// bearer, or RFC 7009's form) when the manifest declares one, then the record emptied — also of its lesson and
// any verdict. The record is emptied only when the provider confirmed.
#pragma once

#include <functional>
#include <string>

#include "plugin/auth/auth_context.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

struct revoke_options {
    // Also revoke every other token the provider holds for this app and user (the manifest's
    // `revoke.all_param`, e.g. Smartsheet's deleteAllForApiClient=true): tokens of the same user's other
    // connections with this app die too, and so does any pair a lost refresh answer minted.
    bool all_for_client = false;
    // Refreshes the grant whose access token the bearer-style revoke endpoint refused (401: expired), so that
    // the revoke can be sent again once with the fresh token; a reconnect_required answer means the provider
    // holds nothing alive of the grant (done). Empty: a 401 is a refusal.
    std::function<outcome(const std::string& rejected_access_token)> refresh;
};

// Statuses: ok (reason revoked), transient (the provider did not confirm; the tokens are kept so that the
// revoke can be retried), bad_request (revoke_all_unsupported: all_for_client without `revoke.all_param`;
// revoke_rejected: the provider refused — a 4xx, a 401 also with a refreshed token —, the tokens are kept),
// storage_error (revoked at the provider, but the emptied record could not be stored: held in memory).
outcome revoke_grant(auth_context& ctx, const revoke_options& options);

}  // namespace tether::auth
