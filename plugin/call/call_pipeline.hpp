// The `call` verb: bind the operation, make sure the token is fresh, send, and decide by the first failing
// response — refresh-then-retry once on 401, never retry a 403 or 400, back off on 429/5xx within a budget,
// fail fast while the API host's circuit is open, and walk pages when the host asks for all of them.
#pragma once

#include "plugin/call/call_context.hpp"
#include "plugin/call/call_request.hpp"
#include "plugin/core/outcome.hpp"

namespace tether {

// Never throws for an expected failure (those are outcomes); thread-safe for distinct or shared contexts.
// Statuses: ok, reconnect_required, transient (with retry_after_ms when waiting helps), forbidden (with the
// resource), bad_request (nothing sent), not_found, config_error, storage_error, internal.
outcome run_call(const call::call_context& ctx, const call_request& request);

}  // namespace tether
