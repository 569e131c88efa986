// What to do after a failed attempt of a call's request: a pure decision over the attempts this request made
// before, the failure's classification (plugin/classify), the operation, the call's time budget and the API
// host's circuit. attempt_sequence.cpp carries it out; tests/call/retry_decision_test.cpp is its table.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "plugin/classify/response_classifier.hpp"
#include "plugin/core/outcome.hpp"
#include "plugin/retry/backoff.hpp"

namespace tether::call {

enum class retry_action {
    retry,               // wait delay_ms, then send again
    refresh_then_retry,  // the token may have expired: refresh it, send again once
    stop,                // the call ends with final_status
};

// Why a call stops.
enum class stop_cause {
    classified,              // the failure's own action ends it (forbidden, bad_request, not_found, reconnect…)
    rejected_after_refresh,  // the provider rejected the token again right after a successful refresh
    not_idempotent,          // retryable, but the request may have been processed and is not safe to repeat
    retries_exhausted,       // errors.backoff.max_retries reached, or a Retry-After beyond max_delay_ms
    budget_exhausted,        // the wait would end past the call's time budget
    circuit_open,            // the API host's circuit will still refuse requests when the wait ends
};

// The limits a retry must stay within, and where the call stands against them.
struct retry_budget {
    int max_retries = 3;               // errors.backoff.max_retries
    retry::backoff_limits delays{};    // errors.backoff.base_delay_ms / max_delay_ms
    std::int64_t elapsed_ms = 0;       // the call so far (every request and wait)
    std::int64_t max_elapsed_ms = 60'000;
    std::int64_t circuit_refuses_ms = 0;  // how long the API host's circuit refuses requests from now (0: none)
};

struct retry_decision {
    retry_action action = retry_action::stop;
    std::int64_t delay_ms = 0;           // retry: the wait before it
    status final_status = status::ok;    // stop: the call's status
    stop_cause cause = stop_cause::classified;
    std::int64_t retry_after_ms = -1;    // stop with transient: how long the host should wait; -1 not applicable
};

// `earlier` are this request's attempts before the one that failed now, with the actions decided for them
// ("retry", "refresh_then_retry"): they tell how many retries were made and whether a refresh was. The
// random unit in [0, 1) jitters the backoff.
retry_decision decide_retry(std::span<const attempt> earlier, const classify::classification& failure,
                            int http_status, bool idempotent, const retry_budget& budget, double random_unit);

std::string_view to_string(stop_cause cause) noexcept;

}  // namespace tether::call
