// The circuit breaker of one API host: the pure transition function and its thread-safe holder.
#include "plugin/call/circuit_breaker.hpp"

#include <algorithm>

namespace tether::call {

namespace {

circuit_data opened(circuit_data d, std::int64_t period_ms, std::int64_t now_ms) {
    d.state = circuit_state::open;
    d.open_period_ms = period_ms;
    d.open_until_ms = now_ms + period_ms;
    d.probe_started_ms = 0;
    return d;
}

circuit_step on_request(const circuit_data& d, std::int64_t now_ms, const circuit_policy& p) {
    circuit_step step{d, {}};
    switch (d.state) {
        case circuit_state::closed:
            return step;
        case circuit_state::open:
            if (now_ms < d.open_until_ms) {
                step.admission = {false, false, d.open_until_ms - now_ms};
                return step;
            }
            break;  // the period is over: this request is the probe
        case circuit_state::half_open:
            // A probe is out. Its verdict decides; only a probe lost without one frees the slot.
            if (now_ms - d.probe_started_ms < p.probe_timeout_ms) {
                const std::int64_t wait = std::min(p.open_ms, p.probe_timeout_ms - (now_ms - d.probe_started_ms));
                step.admission = {false, false, std::max<std::int64_t>(1, wait)};
                return step;
            }
            break;
    }
    step.next.state = circuit_state::half_open;
    step.next.probe_started_ms = now_ms;
    step.admission = {true, true, 0};
    return step;
}

circuit_step on_failure(const circuit_data& d, std::int64_t now_ms, const circuit_policy& p) {
    switch (d.state) {
        case circuit_state::closed: {
            circuit_data next = d;
            ++next.consecutive_failures;
            if (next.consecutive_failures >= std::max(1, p.failure_threshold))
                return {opened(next, p.open_ms, now_ms), {}};
            return {next, {}};
        }
        case circuit_state::half_open: {
            // The probe failed: the host is still struggling; stay away longer.
            const std::int64_t period = std::min(std::max(d.open_period_ms * 2, p.open_ms), p.max_open_ms);
            circuit_data next = opened(d, period, now_ms);
            ++next.consecutive_failures;
            return {next, {}};
        }
        case circuit_state::open:
            break;  // a straggler admitted before the circuit opened: the period is already running
    }
    return {d, {}};
}

}  // namespace

circuit_step circuit_transition(const circuit_data& current, circuit_event event, std::int64_t now_ms,
                                const circuit_policy& policy) {
    switch (event) {
        case circuit_event::request:
            return on_request(current, now_ms, policy);
        case circuit_event::failure:
            return on_failure(current, now_ms, policy);
        case circuit_event::success:
            return {circuit_data{}, {}};  // the host answers: closed, history cleared
    }
    return {current, {}};
}

std::int64_t circuit_refuses_for_ms(const circuit_data& current, std::int64_t now_ms, const circuit_policy& policy) {
    const circuit_admission a = on_request(current, now_ms, policy).admission;
    return a.allowed ? 0 : a.retry_after_ms;
}

circuit_step circuit_breaker::apply(circuit_event event, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    circuit_step step = circuit_transition(data_, event, now_ms, policy_);
    data_ = step.next;
    healthy_.store(data_.state == circuit_state::closed && data_.consecutive_failures == 0, std::memory_order_release);
    return step;
}

circuit_admission circuit_breaker::admit(std::int64_t now_ms) {
    // The common case (closed, no failure counted) needs no lock.
    if (healthy_.load(std::memory_order_acquire)) return {};
    return apply(circuit_event::request, now_ms).admission;
}

std::int64_t circuit_breaker::refuses_for_ms(std::int64_t now_ms) const {
    if (healthy_.load(std::memory_order_acquire)) return 0;
    std::lock_guard lock(mutex_);
    return circuit_refuses_for_ms(data_, now_ms, policy_);
}

void circuit_breaker::record_success(std::int64_t now_ms) {
    if (healthy_.load(std::memory_order_acquire)) return;
    apply(circuit_event::success, now_ms);
}

void circuit_breaker::record_failure(std::int64_t now_ms) {
    apply(circuit_event::failure, now_ms);
}

circuit_data circuit_breaker::snapshot() const {
    std::lock_guard lock(mutex_);
    return data_;
}

}  // namespace tether::call
