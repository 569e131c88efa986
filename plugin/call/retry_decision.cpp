// What to do after a failed attempt: retry after a delay, refresh then retry once, or stop with a status.
#include "plugin/call/retry_decision.hpp"

#include <algorithm>

namespace tether::call {

namespace {

using manifest::error_action;

// The status of a call that stops on its failure's own action.
status status_for(error_action action, int http_status) {
    switch (action) {
        case error_action::refresh_then_retry: return status::transient;
        case error_action::reconnect: return status::reconnect_required;
        case error_action::forbidden: return status::forbidden;
        case error_action::backoff: return status::transient;
        case error_action::bad_request: return status::bad_request;
        case error_action::not_found: return status::not_found;
        case error_action::config_error: return status::config_error;
        case error_action::fail: return http_status >= 400 && http_status < 500 ? status::bad_request : status::transient;
    }
    return status::internal;
}

retry_decision stop(status s, stop_cause cause, std::int64_t retry_after_ms = -1) {
    retry_decision d;
    d.final_status = s;
    d.cause = cause;
    d.retry_after_ms = retry_after_ms;
    return d;
}

retry_decision decide_backoff(int retries, const classify::classification& failure, bool idempotent,
                              const retry_budget& budget, double random_unit) {
    if (!idempotent && !failure.retry_non_idempotent) return stop(status::transient, stop_cause::not_idempotent);
    const std::int64_t delay = retry::retry_delay_ms(budget.delays, retries, random_unit, failure.retry_after_ms);
    if (retries >= budget.max_retries || delay > budget.delays.max_ms)
        // Never 0: a jittered delay may be tiny, but the host should still wait a little.
        return stop(status::transient, stop_cause::retries_exhausted,
                    std::max({delay, failure.retry_after_ms.value_or(0), budget.delays.base_ms}));
    if (budget.elapsed_ms + delay > budget.max_elapsed_ms)
        return stop(status::transient, stop_cause::budget_exhausted, delay);
    // Waiting would only meet a circuit that still refuses: stop now, and say when it admits again.
    if (budget.circuit_refuses_ms > delay)
        return stop(status::transient, stop_cause::circuit_open, budget.circuit_refuses_ms);
    retry_decision d;
    d.action = retry_action::retry;
    d.delay_ms = delay;
    return d;
}

}  // namespace

std::string_view to_string(stop_cause cause) noexcept {
    switch (cause) {
        case stop_cause::classified: return "classified";
        case stop_cause::rejected_after_refresh: return "rejected_after_refresh";
        case stop_cause::not_idempotent: return "not_idempotent";
        case stop_cause::retries_exhausted: return "retries_exhausted";
        case stop_cause::budget_exhausted: return "budget_exhausted";
        case stop_cause::circuit_open: return "circuit_open";
    }
    return "unknown";
}

retry_decision decide_retry(std::span<const attempt> earlier, const classify::classification& failure,
                            int http_status, bool idempotent, const retry_budget& budget, double random_unit) {
    switch (failure.action) {
        case error_action::refresh_then_retry: {
            const bool refreshed = std::any_of(earlier.begin(), earlier.end(),
                                               [](const attempt& a) { return a.action == "refresh_then_retry"; });
            if (refreshed) return stop(status::transient, stop_cause::rejected_after_refresh);  // never loop
            retry_decision d;
            d.action = retry_action::refresh_then_retry;
            return d;
        }
        case error_action::backoff: {
            const int retries = static_cast<int>(
                std::count_if(earlier.begin(), earlier.end(), [](const attempt& a) { return a.action == "retry"; }));
            return decide_backoff(retries, failure, idempotent, budget, random_unit);
        }
        default: {
            const status s = status_for(failure.action, http_status);
            return stop(s, stop_cause::classified,
                        s == status::transient ? failure.retry_after_ms.value_or(budget.delays.base_ms) : -1);
        }
    }
}

}  // namespace tether::call
