// One request's attempts: circuit admission, the bearer on every attempt, each failure classified by the one
// classifier (plugin/classify) and decided by decide_retry (retry_decision.hpp), which this loop carries out.
// A call runs one sequence per request (per page when walking pages); the progress carries over between them.
#pragma once

#include <boost/json/object.hpp>
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/call/call_context.hpp"
#include "plugin/core/outcome.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"

namespace tether::call {

// What a call carries from one request to the next.
struct call_progress {
    std::string access_token;  // the bearer; replaced when a refresh happens
    std::uint64_t record_version = 0;  // the stored record's version the bearer came from
    std::string reproduce;     // the curl line of the first failing request (reproduction.hpp)
    std::vector<attempt> attempts;
    std::optional<attempt> first_failure;  // the root cause: classify by the first failing status
    std::size_t first_failure_index = 0;   // its place in `attempts`

    // Records what was decided about the latest attempt (action, delay before the next one), keeping the
    // first failure, when it is that attempt, identical to its entry in the chain.
    void decide_last(std::string action, std::int64_t delay_ms = 0) {
        attempts.back().action = std::move(action);
        attempts.back().delay_ms = delay_ms;
        if (first_failure && first_failure_index + 1 == attempts.size()) first_failure = attempts.back();
    }
    std::int64_t started_ms = 0;           // host clock when the call began
    std::int64_t slept_ms = 0;             // backoff waits asked of the host so far
    bool budget_spent = false;             // a retry did not fit in the budget: the call sends nothing more

    // The call's elapsed time: the host's clock, or the waits asked of it when that is more (a host whose
    // sleep does not advance its clock, as in tests, still exhausts the budget).
    std::int64_t elapsed_ms(std::int64_t now_ms) const;
    // When the call's budget ends, on the host's clock at `now_ms` (what a refresh inside the call must finish
    // by).
    std::int64_t deadline_ms(const call_limits& limits, std::int64_t now_ms) const {
        return now_ms + std::max<std::int64_t>(limits.max_elapsed_ms - elapsed_ms(now_ms), 0);
    }
};

// The 2xx response, or the outcome that ends the call (carrying the attempt chain and the first failure).
struct sequence_result {
    http::response response;
    std::optional<outcome> failure;
};

// Sends `req` (whose Authorization header, if present, is overwritten on every attempt) until a 2xx response
// or a final decision. `params` are the caller's, for the resource of a 403/404.
sequence_result send_with_retries(const call_context& ctx, const manifest::operation& op,
                                  const boost::json::object& params, http::request req, call_progress& progress);

// Whether a failed response says the host is struggling (5xx, 408, or a transport failure other than a
// refused URL or TLS problem) — what the circuit breaker counts. A 429 is not: it is about one token.
bool availability_failure(const http::response& r);

}  // namespace tether::call
