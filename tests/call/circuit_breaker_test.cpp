// The circuit breaker as a pure state machine on an injected clock: it opens after a burst, fails fast
// until the period ends, lets exactly one probe through, closes on success and backs off further on failure.
#include "plugin/call/circuit_breaker.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>
#include <vector>

#include "plugin/call/host_circuits.hpp"

using namespace tether::call;

namespace {

constexpr std::int64_t t0 = 1'000'000;

void trip(circuit_breaker& b, std::int64_t at = t0) {
    for (int i = 0; i < b.policy().failure_threshold; ++i) b.record_failure(at);
}

}  // namespace

TEST_CASE("a closed circuit lets everything through and counts only consecutive failures") {
    circuit_breaker b;
    CHECK(b.admit(t0).allowed);
    for (int i = 0; i < 4; ++i) b.record_failure(t0);
    CHECK(b.snapshot().state == circuit_state::closed);
    CHECK(b.snapshot().consecutive_failures == 4);
    CHECK(b.admit(t0).allowed);
    b.record_success(t0);  // the host answered: the burst is over
    CHECK(b.snapshot().consecutive_failures == 0);
    for (int i = 0; i < 4; ++i) b.record_failure(t0);
    CHECK(b.snapshot().state == circuit_state::closed);
}

TEST_CASE("the fifth consecutive failure opens the circuit: requests fail fast until the period ends") {
    circuit_breaker b;
    trip(b);
    const auto data = b.snapshot();
    CHECK(data.state == circuit_state::open);
    CHECK(data.open_until_ms == t0 + 10'000);

    const auto first = b.admit(t0);
    CHECK_FALSE(first.allowed);
    CHECK(first.retry_after_ms == 10'000);
    const auto later = b.admit(t0 + 9'000);
    CHECK_FALSE(later.allowed);
    CHECK(later.retry_after_ms == 1'000);
    b.record_failure(t0 + 9'500);  // a straggler's failure does not extend the period
    CHECK(b.snapshot().open_until_ms == t0 + 10'000);
}

TEST_CASE("when the period ends exactly one probe goes, the others wait for its verdict") {
    circuit_breaker b;
    trip(b);
    const auto probe = b.admit(t0 + 10'000);
    CHECK(probe.allowed);
    CHECK(probe.probe);
    CHECK(b.snapshot().state == circuit_state::half_open);
    for (int i = 0; i < 10; ++i) {
        const auto other = b.admit(t0 + 10'000 + i * 100);
        CHECK_FALSE(other.allowed);
        CHECK(other.retry_after_ms > 0);
    }
}

TEST_CASE("a successful probe closes the circuit") {
    circuit_breaker b;
    trip(b);
    REQUIRE(b.admit(t0 + 10'000).probe);
    b.record_success(t0 + 10'050);
    const auto data = b.snapshot();
    CHECK(data.state == circuit_state::closed);
    CHECK(data.consecutive_failures == 0);
    CHECK(data.open_period_ms == 0);
    for (int i = 0; i < 5; ++i) CHECK(b.admit(t0 + 10'100).allowed);
}

TEST_CASE("a failed probe re-opens with a doubled period, capped at five minutes") {
    circuit_breaker b;
    trip(b);
    std::int64_t now = t0;
    std::int64_t period = 10'000;
    for (const std::int64_t expected : {20'000, 40'000, 80'000, 160'000, 300'000, 300'000}) {
        now += period;
        REQUIRE(b.admit(now).probe);
        b.record_failure(now + 10);
        const auto data = b.snapshot();
        CHECK(data.state == circuit_state::open);
        CHECK(data.open_period_ms == expected);
        CHECK(data.open_until_ms == now + 10 + expected);
        CHECK_FALSE(b.admit(now + 10 + expected - 1).allowed);
        period = expected + 10;
    }
    // Recovery after the longest period: one probe, success, closed, and the next burst starts at 10 s again.
    now += period;
    REQUIRE(b.admit(now).probe);
    b.record_success(now);
    for (int i = 0; i < 5; ++i) b.record_failure(now);
    CHECK(b.snapshot().open_period_ms == 10'000);
}

TEST_CASE("a probe that never reports back frees the slot after the probe timeout") {
    circuit_breaker b;
    trip(b);
    REQUIRE(b.admit(t0 + 10'000).probe);
    CHECK_FALSE(b.admit(t0 + 10'000 + 119'999).allowed);
    const auto again = b.admit(t0 + 10'000 + 120'000);
    CHECK(again.allowed);
    CHECK(again.probe);
}

TEST_CASE("the transition function is pure: same state, event and time give the same step") {
    const circuit_policy policy;
    circuit_data open;
    open.state = circuit_state::open;
    open.open_until_ms = t0;
    open.open_period_ms = 10'000;
    const auto a = circuit_transition(open, circuit_event::request, t0 - 1, policy);
    const auto b = circuit_transition(open, circuit_event::request, t0 - 1, policy);
    CHECK(a.admission.allowed == b.admission.allowed);
    CHECK(a.admission.retry_after_ms == 1);
    CHECK(a.next.state == circuit_state::open);
    const auto probe = circuit_transition(open, circuit_event::request, t0, policy);
    CHECK(probe.admission.probe);
    CHECK(probe.next.state == circuit_state::half_open);
    CHECK(probe.next.probe_started_ms == t0);
    const auto closed = circuit_transition(probe.next, circuit_event::success, t0 + 1, policy);
    CHECK(closed.next.state == circuit_state::closed);
}

TEST_CASE("many threads at the end of the open period: exactly one probe") {
    for (int round = 0; round < 20; ++round) {
        circuit_breaker b;
        trip(b);
        std::atomic<int> probes{0}, allowed{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 16; ++t)
            threads.emplace_back([&] {
                const auto a = b.admit(t0 + 10'000);
                if (a.allowed) ++allowed;
                if (a.probe) ++probes;
            });
        for (auto& t : threads) t.join();
        CHECK(probes == 1);
        CHECK(allowed == 1);
    }
}

TEST_CASE("each API host of a connector has its own breaker") {
    host_circuits circuits;
    auto& com = circuits.for_api_base("https://api.smartsheet.com/2.0");
    auto& eu = circuits.for_api_base("https://api.smartsheet.eu/2.0");
    CHECK(&com != &eu);
    CHECK(&circuits.for_api_base("HTTPS://API.SMARTSHEET.COM/2.0/") == &com);
    CHECK(&circuits.for_api_base("http://127.0.0.1:8080/2.0") != &circuits.for_api_base("http://127.0.0.1:8081/2.0"));
    for (int i = 0; i < 5; ++i) com.record_failure(t0);
    CHECK_FALSE(com.admit(t0).allowed);
    CHECK(eu.admit(t0).allowed);
    CHECK(url_authority("https://api.smartsheet.com/2.0?x#y") == "api.smartsheet.com");
    const auto states = circuits.snapshot();
    REQUIRE(states.size() == 4);
    CHECK(states[2].first == "api.smartsheet.com");
    CHECK(states[2].second.state == circuit_state::open);
    CHECK(states[3].second.state == circuit_state::closed);
}
