// The health diagnosis rules, one by one, on synthetic facts; and the counters behind them.
#include <catch2/catch.hpp>

#include "plugin/health/diagnosis.hpp"
#include "plugin/health/health_document.hpp"
#include "plugin/health/windowed_counter.hpp"

using namespace tether::health;

namespace {

const finding* find_signal(const std::vector<finding>& findings, const std::string& signal) {
    for (const auto& f : findings)
        if (f.signal == signal) return &f;
    return nullptr;
}

// Findings must outlive the pointer: no temporaries.
const finding* find_signal(std::vector<finding>&&, const std::string&) = delete;

health_facts healthy() {
    health_facts f;
    f.state = "healthy";
    f.declared_lifetime_ms = 604'799'000;
    return f;
}

}  // namespace

TEST_CASE("a healthy connection has nothing to diagnose") { CHECK(diagnose(healthy()).empty()); }

TEST_CASE("403s on one sheet point at its sharing, not at refreshing") {
    auto f = healthy();
    f.forbidden.push_back({"sheet 123", 12});
    const auto findings_x = diagnose(f);
    const auto* x = find_signal(findings_x, "forbidden_resource");
    REQUIRE(x);
    CHECK(x->evidence == "403 on sheet 123 for 12 calls in 15 min");
    CHECK_THAT(x->first_action, Catch::Contains("shared with the connected user") &&
                                    Catch::Contains("refreshing will not help"));
}

TEST_CASE("a rising 401 rate on an endpoint points at token expiry and refresh failures") {
    auto f = healthy();
    f.operations.push_back({"sheets.get", 10, 4});
    f.operations.push_back({"users.me", 100, 3});  // 3 % of calls: noise
    const auto findings = diagnose(f);
    const auto* x = find_signal(findings, "unauthorized_rate");
    REQUIRE(x);
    CHECK_THAT(x->evidence, Catch::Contains("sheets.get answered 401 4 times for 10 calls"));
    CHECK_THAT(x->first_action, Catch::Contains("token expiry"));
    CHECK(std::count_if(findings.begin(), findings.end(), [](const finding& y) { return y.signal == "unauthorized_rate"; }) == 1);
}

TEST_CASE("a falling refresh success ratio points at client credentials and revoked grants") {
    auto f = healthy();
    f.refresh_attempts = 5;
    f.refresh_successes = 2;
    const auto findings_x = diagnose(f);
    const auto* x = find_signal(findings_x, "refresh_failing");
    REQUIRE(x);
    CHECK(x->evidence == "refresh success 40% in 15 min (2 of 5)");
    CHECK_THAT(x->first_action, Catch::Contains("client credentials"));
    f.refresh_successes = 5;
    {
        const auto findings_now = diagnose(f);
        CHECK_FALSE(find_signal(findings_now, "refresh_failing"));
    }
}

TEST_CASE("an early token death is explained as an admin lifetime, with the new refresh age") {
    auto f = healthy();
    f.declared_lifetime_ms = 7LL * 24 * 3600 * 1000;
    f.early_death_age_ms = (3 * 60 + 2) * 60 * 1000LL;
    f.learned_lifetime_ms = (3 * 60 + 1) * 60 * 1000LL;
    f.refresh_after_ms = (2 * 60 + 34) * 60 * 1000LL;
    const auto findings_x = diagnose(f);
    const auto* x = find_signal(findings_x, "lifetime_shortened");
    REQUIRE(x);
    CHECK(x->evidence == "a token died at 3 h 2 min of a declared 7 days: an admin-configured token lifetime is likely");
    CHECK_THAT(x->first_action, Catch::Contains("now refreshes at 2 h 34 min"));
}

TEST_CASE("retry pressure and an open circuit say to back off") {
    auto f = healthy();
    f.rate_limited = 6;
    f.retries = 12;
    f.budget_exhausted = 1;
    const auto findings = diagnose(f);
    REQUIRE(find_signal(findings, "retry_pressure"));
    CHECK_THAT(find_signal(findings, "retry_pressure")->first_action, Catch::Contains("back off"));
    f.circuit_open = true;
    {
        const auto findings_now = diagnose(f);
        REQUIRE(find_signal(findings_now, "circuit_open"));
    }
}

TEST_CASE("reconnect, never-authorized, unsaved tokens, failing storage and damaged records are each named") {
    auto f = healthy();
    f.state = "reconnect_required";
    f.reconnect_reason = "revoked";
    {
        const auto findings_now = diagnose(f);
        CHECK(find_signal(findings_now, "reconnect_required")->severity == "critical");
    }
    f.unsaved_tokens = true;  // the verdict could not be stored
    {
        const auto findings_now = diagnose(f);
        CHECK(find_signal(findings_now, "verdict_unsaved"));
        CHECK_FALSE(find_signal(findings_now, "tokens_unsaved"));
    }
    f.unsaved_tokens = false;
    f.state = "unknown";
    {
        const auto findings_now = diagnose(f);
        CHECK(find_signal(findings_now, "never_authorized"));
    }
    f.unsaved_tokens = true;
    {
        const auto findings_now = diagnose(f);
        CHECK(find_signal(findings_now, "tokens_unsaved"));
    }
    f.storage_problem = "the host's storage could not load the record of connection 'c'";
    {
        const auto findings_now = diagnose(f);
        CHECK(find_signal(findings_now, "storage_unavailable")->severity == "critical");
        CHECK_FALSE(find_signal(findings_now, "never_authorized"));  // unknown because unread, not unauthorized
    }
    f.storage_problem.clear();
    f.load_problem = "stored record is not valid JSON";
    {
        const auto findings_now = diagnose(f);
        CHECK(find_signal(findings_now, "record_unreadable"));
    }
}

TEST_CASE("durations read like a person would say them") {
    CHECK(human_duration(45'000) == "45 s");
    CHECK(human_duration(30 * 60'000) == "30 min");
    CHECK(human_duration((3 * 60 + 2) * 60'000LL) == "3 h 2 min");
    CHECK(human_duration(5 * 3600'000LL) == "5 h");
    CHECK(human_duration(7 * 24 * 3600'000LL) == "7 days");
    CHECK(human_duration(604799 * 1000LL) == "7 days");
}

TEST_CASE("a windowed counter forgets minutes that left the window and keeps the total") {
    windowed_counter c;
    const std::int64_t t0 = 1'700'000'000'000;
    c.add(t0);
    c.add(t0 + 60'000, 2);
    CHECK(c.in_window(t0 + 60'000) == 3);
    CHECK(c.in_window(t0 + 14 * 60'000) == 3);
    CHECK(c.in_window(t0 + 15 * 60'000) == 2);  // the first minute left the window
    CHECK(c.in_window(t0 + 16 * 60'000) == 0);
    c.add(t0 + 15 * 60'000);  // reuses the first minute's bucket
    CHECK(c.in_window(t0 + 15 * 60'000) == 3);
    CHECK(c.total() == 4);
}

TEST_CASE("Prometheus expositions of several connections merge into one family each") {
    const std::string a = "# HELP tether_retries_total Retries.\n# TYPE tether_retries_total counter\n"
                          "tether_retries_total{connection=\"a\"} 1\n";
    const std::string b = "# HELP tether_retries_total Retries.\n# TYPE tether_retries_total counter\n"
                          "tether_retries_total{connection=\"b\"} 2\n";
    CHECK(merge_prometheus({a, b}) == "# HELP tether_retries_total Retries.\n# TYPE tether_retries_total counter\n"
                                      "tether_retries_total{connection=\"a\"} 1\ntether_retries_total{connection=\"b\"} 2\n");
}
