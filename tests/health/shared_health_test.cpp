// Health shared through the host's storage: evidence merges and stays bounded, each process adds only what it
// has not shared yet, two processes see each other's 403s, and a successful call never writes to storage.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "plugin/health/health_evidence.hpp"
#include "plugin/health/shared_health.hpp"
#include "tests/support/engine_harness.hpp"

using namespace tether::health;
using tether_test::engine_harness;
using tether_test::fake_host;

namespace {

constexpr std::int64_t minute = 60'000;
constexpr std::int64_t t0 = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

tether::call_request call_of(std::string operation, std::string params) {
    tether::call_request r;
    r.operation = std::move(operation);
    r.params_json = std::move(params);
    return r;
}

}  // namespace

TEST_CASE("merged evidence adds totals and minutes, and the later failure wins") {
    health_evidence a, b;
    a.forbidden["sheet 2004"].add(t0);
    b.forbidden["sheet 2004"].add(t0 + 10);
    b.forbidden["sheet 2004"].add(t0 + 2 * minute);
    a.last_failure = failure_evidence{"sheets.get", "forbidden", t0, 403, 1004, "", ""};
    b.last_failure = failure_evidence{"users.me", "transient", t0 + minute, 503, 0, "", ""};
    merge(a, b);
    CHECK(a.forbidden["sheet 2004"].total == 3);
    CHECK(a.forbidden["sheet 2004"].minutes.at(minute_of(t0)) == 2);
    CHECK(a.forbidden["sheet 2004"].in_window(t0 + 2 * minute) == 3);
    REQUIRE(a.last_failure);
    CHECK(a.last_failure->operation == "users.me");
}

TEST_CASE("pruning drops minutes that left the window and keeps totals") {
    health_evidence e;
    e.rate_limited.add(t0, 4);
    e.rate_limited.add(t0 + 20 * minute, 1);
    prune(e, t0 + 20 * minute);
    CHECK(e.rate_limited.minutes.size() == 1);
    CHECK(e.rate_limited.in_window(t0 + 20 * minute) == 1);
    CHECK(e.rate_limited.total == 5);
}

TEST_CASE("a shared record keeps at most 50 resources by name and sums the rest as (other)") {
    health_evidence e;
    for (int sheet = 1; sheet <= 80; ++sheet) e.forbidden["sheet " + std::to_string(sheet)].add(t0, sheet);
    prune(e, t0);
    CHECK(e.forbidden.size() == max_forbidden_resources);
    CHECK(e.forbidden.count("sheet 80") == 1);
    CHECK(e.forbidden.count("sheet 31") == 0);
    std::int64_t other = 0;
    for (int sheet = 1; sheet <= 31; ++sheet) other += sheet;  // the 31 with the fewest 403s
    CHECK(e.forbidden.at(std::string(other_resources)).total == other);
}

TEST_CASE("evidence survives its JSON form, and a damaged record names what is wrong") {
    health_evidence e;
    e.operations["sheets.get"].calls.add(t0, 3);
    e.operations["sheets.get"].by_status["forbidden"] = 2;
    e.forbidden["sheet 2004"].add(t0, 2);
    e.refresh_attempts.add(t0 - minute);
    e.last_failure = failure_evidence{"sheets.get", "forbidden", t0, 403, 1004, "ref-1", ""};
    const auto parsed = parse_evidence(to_json(e));
    REQUIRE(std::holds_alternative<health_evidence>(parsed));
    CHECK(to_json(std::get<health_evidence>(parsed)) == to_json(e));

    const auto bad = parse_evidence(R"({"health_evidence":1,"rate_limited":{"total":"many"}})");
    REQUIRE(std::holds_alternative<std::string>(bad));
    CHECK(std::get<std::string>(bad) == "rate_limited.total is not an integer");
    CHECK(std::holds_alternative<std::string>(parse_evidence("[1,2]")));
}

TEST_CASE("each take gives only what was counted since the previous one, and what was given back") {
    const std::vector<std::string> names{"sheets.get"};
    connection_metrics m(names);
    CHECK_FALSE(m.has_unshared());
    m.record_forbidden("sheet 2004", t0);
    CHECK(m.has_unshared());
    auto first = m.take_unshared();
    CHECK(first.forbidden.at("sheet 2004").total == 1);
    CHECK_FALSE(m.has_unshared());
    CHECK(m.take_unshared().empty());

    m.record_forbidden("sheet 2004", t0 + 1);
    auto second = m.take_unshared();
    CHECK(second.forbidden.at("sheet 2004").total == 1);
    m.give_back(second);  // the share failed
    auto third = m.take_unshared();
    CHECK(third.forbidden.at("sheet 2004").total == 1);
    CHECK(m.evidence().forbidden.at("sheet 2004").total == 2);  // the process's own view is all of it
}

TEST_CASE("two processes sharing a store each see the 403s of both") {
    fake_host host;
    const std::vector<std::string> names{"sheets.get"};
    const std::string id = "conn-1";
    connection_metrics first(names), second(names);
    shared_health first_share(id, host, first), second_share(id, host, second);

    first.record_forbidden("sheet 2004", t0);
    first_share.share_if_due(t0, true);
    second.record_forbidden("sheet 2004", t0 + 1000);
    second.record_forbidden("sheet 2004", t0 + 2000);
    second_share.share_if_due(t0 + 2000, true);

    const auto view = first_share.merged(t0 + 3000);
    CHECK(view.problem.empty());
    CHECK(view.evidence.forbidden.at("sheet 2004").in_window(t0 + 3000) == 3);
    CHECK(host.version(health_record_key(id)) == 2);
}

TEST_CASE("evidence that the store refused is shared with the next share, once") {
    fake_host host;
    const std::vector<std::string> names{"sheets.get"};
    connection_metrics m(names);
    const std::string id = "conn-1";
    shared_health share(id, host, m);
    m.record_forbidden("sheet 2004", t0);
    host.fail_next_stores(1);
    share.share_now(t0);
    CHECK(host.version(health_record_key(id)) == 0);
    m.record_forbidden("sheet 2004", t0 + 1);
    share.share_now(t0 + 1);
    const auto view = share.merged(t0 + 2);
    CHECK(view.evidence.forbidden.at("sheet 2004").total == 2);
}

TEST_CASE("without a share interval passed, a routine failure does not write, an urgent one does") {
    fake_host host;
    const std::vector<std::string> names{"sheets.get"};
    connection_metrics m(names);
    const std::string id = "conn-1";
    shared_health share(id, host, m);
    m.record_refresh(true, t0);
    share.share_if_due(t0, false);
    CHECK(host.version(health_record_key(id)) == 1);
    m.record_refresh(true, t0 + 1000);
    share.share_if_due(t0 + 1000, false);
    CHECK(host.version(health_record_key(id)) == 1);
    share.share_if_due(t0 + 1000 + share_interval_ms, false);
    CHECK(host.version(health_record_key(id)) == 2);
    m.record_refresh(false, t0 + 1000 + share_interval_ms);
    share.share_if_due(t0 + 1000 + share_interval_ms, true);
    CHECK(host.version(health_record_key(id)) == 3);
}

TEST_CASE("successful calls never write health to storage, a 403 does at once, closing shares the rest") {
    engine_harness h;
    h.seed_tokens("conn-1", "access-token-1a2b3c4d5e6f", "refresh-token-6f5e4d3c2b1a");
    const auto key = health_record_key("conn-1");
    {
        auto c = h.open("conn-1");
        for (int i = 0; i < 5; ++i) h.http().respond(200, R"({"id":2001,"name":"Plan","columns":[],"rows":[]})");
        for (int i = 0; i < 5; ++i) REQUIRE(c->call(call_of("sheets.get", R"({"sheetId":2001})")).code == tether::status::ok);
        CHECK(h.host().version(key) == 0);

        h.http().respond(403, R"({"errorCode":1004,"message":"You are not authorized to perform this action."})");
        REQUIRE(c->call(call_of("sheets.get", R"({"sheetId":2004})")).code == tether::status::forbidden);
        CHECK(h.host().version(key) == 1);
        h.http().respond(200, R"({"id":2001,"name":"Plan","columns":[],"rows":[]})");
        REQUIRE(c->call(call_of("sheets.get", R"({"sheetId":2001})")).code == tether::status::ok);
        CHECK(h.host().version(key) == 1);
    }
    CHECK(h.host().version(key) == 2);  // closed: the last success is shared too
    auto stored = parse_evidence(boost::json::serialize(h.host().record(key)));
    REQUIRE(std::holds_alternative<health_evidence>(stored));
    const auto& e = std::get<health_evidence>(stored);
    CHECK(e.operations.at("sheets.get").calls.total == 7);
    CHECK(e.forbidden.at("sheet 2004").total == 1);
}
