// What a token endpoint's answer means for a connection: the granted tokens, dated on the provider's clock,
// or the failure as the outcome a verb reports (status, provider details, the attempt).
#pragma once

#include "plugin/auth/auth_context.hpp"
#include "plugin/auth/record_changes.hpp"
#include "plugin/auth/token_endpoint.hpp"
#include "plugin/core/outcome.hpp"

namespace tether::auth {

// The tokens of a successful answer. The issue time is the answer's Date when it has one, else our clock
// corrected by the estimated skew; the declared lifetime is `expires_in`, else the manifest's default.
// Learns the provider's clock from the answer's Date.
granted_tokens granted_from(const auth_context& ctx, const token_grant& grant, const token_answer& answer);

// A failed exchange as an outcome with `code`, carrying the answer's HTTP status, provider code, refId and
// the attempt (as the chain's only entry and the first failure).
outcome token_failure_outcome(const token_failure& failure, status code);

// Stores a new grant (`change`, must keep). nullopt when stored; else the storage failure, whose message says
// that `what` is held in memory and stored at the next opportunity. `what` must be a string literal: a held
// change keeps it.
std::optional<outcome> store_new_grant(auth_context& ctx, record::record_change change, std::string_view what);

// A failed request for a new grant (a code exchange, a client credentials connect): reconnect_required or
// config_error as the manifest's rules say, else transient with a retry-after.
outcome new_grant_failure(const token_failure& failure);

}  // namespace tether::auth
