// A scripted session against the emulator (an admin-shortened lifetime, 403s on one sheet, a 429 burst),
// then the health document and the Prometheus exposition must show each signal and its first action.
#include <catch2/catch.hpp>

#include "plugin/connector/connector_health.hpp"
#include "plugin/core/redact.hpp"
#include "tests/auth/engine_fixture.hpp"

using namespace tether_test;
using tether::status;
using namespace std::chrono_literals;

namespace {

bool has_signal(const boost::json::value& doc, const std::string& signal, std::string* action = nullptr) {
    for (const auto& f : doc.at("diagnosis").as_array()) {
        if (f.at("signal").as_string() == signal) {
            if (action != nullptr) *action = std::string(f.at("first_action").as_string());
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("after a troubled session the health document shows each signal and its first action") {
    engine_fixture f;
    f.seed_tokens();
    f.emulator.set_admin_lifetime(3 * 3600);
    auto c = f.open();
    for (int step = 0; step < 8; ++step) {  // 4 hours of calls every 30 minutes: one early death
        f.emulator.advance_clock(30min);
        REQUIRE(c->call(call_of("sheets.get", R"({"sheetId":2001})")).code == status::ok);
    }
    for (int i = 0; i < 3; ++i) CHECK(c->call(call_of("sheets.get", R"({"sheetId":2002})")).code == status::forbidden);
    emu::fault_rule burst;
    burst.kind = emu::fault_kind::error_status;
    burst.path = "/2.0/sheets";
    burst.status = 429;
    burst.error_code = 4003;
    burst.times = 2;
    burst.retry_after_s = 1;
    f.emulator.add_fault(burst);
    REQUIRE(c->call(call_of("sheets.list")).code == status::ok);

    const auto o = c->health(false, false);
    REQUIRE(o.code == status::ok);
    const auto doc = boost::json::parse(o.body);
    CHECK(doc.at("connection_id").as_string() == "conn-1");
    CHECK(doc.at("state").as_string() == "degraded");  // the 403s are a warning

    const auto& token = doc.at("token");
    const std::string access = f.host_ref->record("conn-1").at("access_token").as_string().c_str();
    CHECK(token.at("access_token").as_string() == tether::redact(access));
    CHECK(token.at("declared_lifetime_s").as_int64() == 604799);
    CHECK(token.at("learned_lifetime_s").as_int64() < 3 * 3600);
    CHECK(token.at("remaining_s").as_int64() > 0);
    CHECK(token.at("next_refresh_in_s").as_int64() < token.at("remaining_s").as_int64());

    const auto& counters = doc.at("counters");
    CHECK(counters.at("forbidden_by_resource").at("sheet 2002").at("window").as_int64() == 3);
    CHECK(counters.at("rate_limited").at("total").as_int64() == 2);
    CHECK(counters.at("retries").at("total").as_int64() == 2);
    CHECK(counters.at("operations").at("sheets.get").at("unauthorized").at("total").as_int64() == 1);
    CHECK(counters.at("refresh").at("successes").at("total").as_int64() >= 1);
    CHECK(doc.at("last_failure").at("http_status").as_int64() == 403);
    CHECK(doc.at("last_failure").at("error_code").as_int64() == 1004);

    std::string action;
    REQUIRE(has_signal(doc, "forbidden_resource", &action));
    CHECK_THAT(action, Catch::Contains("sheet 2002") && Catch::Contains("refreshing will not help"));
    REQUIRE(has_signal(doc, "lifetime_shortened", &action));
    CHECK_THAT(action, Catch::Contains("now refreshes at"));
    CHECK_FALSE(has_signal(doc, "reconnect_required"));

    const auto prom = c->health(false, true);
    REQUIRE(prom.code == status::ok);
    CHECK_THAT(prom.body, Catch::Contains("# TYPE tether_calls_total counter"));
    CHECK_THAT(prom.body, Catch::Contains(
                              "tether_calls_total{connector=\"smartsheet\",connection=\"conn-1\",operation=\"sheets.get\","
                              "status=\"forbidden\"} 3"));
    CHECK_THAT(prom.body, Catch::Contains("tether_refresh_successes_total{connector=\"smartsheet\",connection=\"conn-1\"}"));
    CHECK_THAT(prom.body, Catch::Contains("tether_token_remaining_seconds{"));
    CHECK_THAT(prom.body, Catch::Contains("tether_circuit_open{connector=\"smartsheet\",connection=\"conn-1\"} 0"));
    CHECK_THAT(prom.body, !Catch::Contains(access));
}

TEST_CASE("the live probe reports the connected user, with the email masked") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    const auto doc = boost::json::parse(c->health(true, false).body);
    const auto& probe = doc.at("probe");
    CHECK(probe.at("status").as_string() == "ok");
    CHECK(probe.at("user_id").as_string() == "1001");
    CHECK(probe.at("email").as_string() == "a…@example.com");
    CHECK(doc.at("state").as_string() == "healthy");
}

TEST_CASE("a probe that finds another user than the one who authorized asks for reconnect (user_changed)") {
    engine_fixture f;
    f.seed_tokens();
    auto record = f.host_ref->record("conn-1").as_object();
    record["user_id"] = "1002";
    f.host_ref->put_record("conn-1", boost::json::serialize(record));
    auto c = f.open();
    const auto doc = boost::json::parse(c->health(true, false).body);
    CHECK(doc.at("probe").at("user_changed").as_bool());
    CHECK(doc.at("state").as_string() == "reconnect_required");
    CHECK(doc.at("reconnect").at("reason").as_string() == "user_changed");
}

TEST_CASE("a never-authorized connection is 'unknown', a revoked one says who must act") {
    engine_fixture f;
    auto fresh = f.open("never");
    const auto unknown = boost::json::parse(fresh->health(false, false).body);
    CHECK(unknown.at("state").as_string() == "unknown");
    CHECK(has_signal(unknown, "never_authorized"));

    f.seed_tokens();
    auto c = f.open();
    f.emulator.revoke_all_tokens(engine_fixture::user);
    CHECK(c->call(call_of("users.me")).code == status::reconnect_required);
    const auto doc = boost::json::parse(c->health(false, false).body);
    CHECK(doc.at("state").as_string() == "reconnect_required");
    CHECK(doc.at("reconnect").at("reason").as_string() == "revoked");
    std::string action;
    REQUIRE(has_signal(doc, "reconnect_required", &action));
    CHECK_THAT(action, Catch::Contains("authorize again"));
}

TEST_CASE("the connector's health aggregates its open connections") {
    engine_fixture f;
    f.seed_tokens("a");
    auto a = f.open("a");
    auto b = f.open("b");
    const auto doc = boost::json::parse(tether::connector_health(*f.connector, false, false).body);
    CHECK(doc.at("connections").as_int64() == 2);
    CHECK(doc.at("summary").at("healthy").as_int64() == 1);
    CHECK(doc.at("summary").at("unknown").as_int64() == 1);
    b.reset();
    const auto after = boost::json::parse(tether::connector_health(*f.connector, false, false).body);
    CHECK(after.at("connections").as_int64() == 1);
}
