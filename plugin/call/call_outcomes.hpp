// The outcomes a call ends with when it does not succeed: the decision's status with the provider's details
// of the last response, the whole attempt chain, the first failure (the root cause), and a message that says
// what happened and what to do — for each way a call can stop.
#pragma once

#include <boost/json/object.hpp>

#include "plugin/call/attempt_sequence.hpp"
#include "plugin/call/retry_decision.hpp"
#include "plugin/classify/response_classifier.hpp"
#include "plugin/core/outcome.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"

namespace tether::call {

// The call stops on `decision` (action stop) after response `r` classified as `c`. Takes the attempts.
outcome stopped_call(const call_context& ctx, const manifest::operation& op, const boost::json::object& params,
                     const retry_decision& decision, const classify::classification& c, const http::response& r,
                     call_progress& progress);

// The API host's circuit refuses the request before it is sent. Takes the attempts.
outcome circuit_refused(const call_context& ctx, const manifest::operation& op, std::int64_t retry_after_ms,
                        call_progress& progress);

// The refresh after a 401 did not give a token: its outcome, with the call's attempts before its own and the
// call's first failure. Takes the attempts.
outcome refresh_did_not_help(outcome refresh, const http::response& r, call_progress& progress);

}  // namespace tether::call
