// The circuit breaker of one API host: after a burst of consecutive availability failures, calls fail fast
// until a single half-open probe shows the host answers again (no retry storms).
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>

namespace tether::call {

// Thresholds. Constants rather than manifest keys: they protect the provider from us, whatever the connector.
struct circuit_policy {
    int failure_threshold = 5;                // consecutive availability failures that open the circuit
    std::int64_t open_ms = 10'000;            // the first open period
    std::int64_t max_open_ms = 300'000;       // each failed probe doubles the period, up to this
    std::int64_t probe_timeout_ms = 120'000;  // a probe that never reports back frees the slot after this
};

enum class circuit_state { closed, open, half_open };

// What the circuit knows. Plain data: the transition function below is the whole state machine.
struct circuit_data {
    circuit_state state = circuit_state::closed;
    int consecutive_failures = 0;
    std::int64_t open_until_ms = 0;     // open: when the next probe may go
    std::int64_t open_period_ms = 0;    // the period of the last opening (0: never opened since closing)
    std::int64_t probe_started_ms = 0;  // half_open: when the probe was let through
};

enum class circuit_event {
    request,  // a request is about to be sent: may it go?
    success,  // the host answered (any response that is not an availability failure)
    failure,  // an availability failure: 5xx/408 or a transport error (not a 429: that is per token)
};

struct circuit_admission {
    bool allowed = true;
    bool probe = false;               // allowed as the single half-open probe
    std::int64_t retry_after_ms = 0;  // when not allowed: how long until a request may be tried
};

struct circuit_step {
    circuit_data next;
    circuit_admission admission;  // meaningful for circuit_event::request only
};

// The state machine, pure: closed --threshold failures--> open --period over, one request--> half_open
// --success--> closed, --failure--> open with a doubled period. A success closes from any state.
circuit_step circuit_transition(const circuit_data& current, circuit_event event, std::int64_t now_ms,
                                const circuit_policy& policy);

// How long a request made at `now_ms` would be refused (0: it would be admitted). A dry run of the request
// event: nothing changes.
std::int64_t circuit_refuses_for_ms(const circuit_data& current, std::int64_t now_ms, const circuit_policy& policy);

// The transition function behind a mutex, with a lock-free fast path for the common case (closed, no
// failure pending): admitting and recording a success then cost one atomic load. Thread-safe.
class circuit_breaker {
public:
    explicit circuit_breaker(circuit_policy policy = {}) : policy_(policy) {}

    circuit_admission admit(std::int64_t now_ms);
    // circuit_refuses_for_ms on the current state; one atomic load while the circuit is healthy.
    std::int64_t refuses_for_ms(std::int64_t now_ms) const;
    void record_success(std::int64_t now_ms);
    void record_failure(std::int64_t now_ms);

    circuit_data snapshot() const;
    const circuit_policy& policy() const noexcept { return policy_; }

private:
    circuit_step apply(circuit_event event, std::int64_t now_ms);

    const circuit_policy policy_;
    std::atomic<bool> healthy_{true};  // state closed and no failure counted: nothing to do on the fast path
    mutable std::mutex mutex_;
    circuit_data data_;
};

}  // namespace tether::call
