// The verdict that only a human can fix a connection's grant (reconnect required), recorded so that it
// sticks: in the store, and in this process's view until a write succeeds or a new grant arrives. Until
// then every verb answers RECONNECT_REQUIRED at once, without a token request.
#pragma once

#include <string>

#include "plugin/auth/auth_context.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

// Records the verdict on the grant that held `judged_access_token`. Returns RECONNECT_REQUIRED with
// `reason`/`detail` (also when the store failed: the verdict is held in memory), or OK with reason
// "adopted" when the record holds other tokens by now (a sibling refreshed or re-authorized).
outcome record_reconnect_verdict(auth_context& ctx, const std::string& judged_access_token, const std::string& reason,
                                 const std::string& detail);

// The outcome for a record that is not authorized: its verdict, or "not authorized yet".
outcome not_usable(const auth_context& ctx, const record::token_record& r);

// Reads the store (ctx.store.load(), or ensure_loaded() when `only_if_stale`). When that fails while a
// verdict is held in memory, the verdict is the answer (RECONNECT_REQUIRED), not the storage error: a human
// must act either way, and no token request may be made for a dead grant.
std::optional<outcome> read_record(auth_context& ctx, bool only_if_stale);

}  // namespace tether::auth
