// What the call pipeline asks of the extensions an operation names (plugin/extension implements it): run a
// code operation, let the request hooks adjust a request before its attempts, and let the response hooks
// reshape or judge each answer. The pipeline stays the one place that sends, retries and classifies.
#pragma once

#include <boost/json/object.hpp>
#include <optional>

#include "plugin/core/outcome.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"

namespace tether::call {

struct call_context;
struct call_progress;
struct prepared_call;

class call_extensions {
public:
    virtual ~call_extensions() = default;

    // Runs the code operation `call.op` names, whose requests go through send_with_retries with `progress`.
    // The outcome carries the attempt chain of all its requests.
    virtual outcome run_code_operation(const call_context& ctx, const prepared_call& call, call_progress& progress) = 0;

    // The operation's request hooks, in order, on `req` (which holds no Authorization header). An outcome
    // ends the request unsent.
    virtual std::optional<outcome> before_attempts(const call_context& ctx, const manifest::operation& op,
                                                   const boost::json::object& params, http::request& req) = 0;

    // The operation's response hooks, in order, on one answer (they may replace r.body). A verdict with
    // status ok accepts the answer as a success; any other ends the request with that outcome, unretried.
    // `req` is the request as sent (its bearer included: never shown to a hook).
    virtual std::optional<outcome> after_response(const call_context& ctx, const manifest::operation& op,
                                                  const boost::json::object& params, const http::request& req,
                                                  http::response& r) = 0;
};

}  // namespace tether::call
