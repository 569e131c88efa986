// doctor against the Smartsheet emulator: one test per verdict, each staging its cause (a shortened admin
// lifetime, a revoked grant, a narrowed grant, an unshared sheet, a missing sheet, a skewed Date, an outage,
// a recorded result without a credential) and asserting the verdict, the first action and the evidence.
#include <catch2/catch.hpp>

#include "plugin/core/outcome_json.hpp"
#include "tests/auth/engine_fixture.hpp"

using namespace tether_test;
using tether::status;
using namespace std::chrono_literals;

namespace {

struct diagnosed {
    tether::outcome result;
    boost::json::object doc;

    std::string verdict() const { return std::string(doc.at("verdict").as_string()); }
    std::string first_action() const { return std::string(doc.at("first_action").as_string()); }
    // The evidence of the named check; fails the test when that check did not run.
    const boost::json::object& evidence(std::string_view name) const {
        for (const auto& c : doc.at("checks").as_array())
            if (c.at("name").as_string() == name) return c.at("evidence").as_object();
        FAIL("no check named " << name << " in " << boost::json::serialize(doc));
        throw std::logic_error("unreachable");
    }
    bool ran(std::string_view name) const {
        for (const auto& c : doc.at("checks").as_array())
            if (c.at("name").as_string() == name) return true;
        return false;
    }
};

diagnosed diagnose(tether::connection& c, const std::string& operation = "", const std::string& params = "",
                   std::optional<std::string> recorded = std::nullopt) {
    diagnosed d{c.diagnose({operation, params, std::move(recorded)}), {}};
    REQUIRE(d.result.code == status::ok);
    d.doc = boost::json::parse(d.result.body).as_object();
    CHECK(d.result.reason == d.verdict());
    CHECK(d.result.message == d.first_action());
    return d;
}

// No full secret the emulator handed out appears in what doctor returned.
void check_no_secret_in(const engine_fixture& f, const diagnosed& d) {
    for (const auto& secret : f.emulator.issued_secrets())
        if (secret.size() >= 8 && d.result.body.find(secret) != std::string::npos)
            FAIL_CHECK("doctor's output holds a full secret ending in " << tether::redact(secret));
}

// Every request to `path` answered `http_status` (with a Smartsheet body when `code` is set) until cleared.
emu::fault_rule outage_on(std::string path, int http_status, int code = 0) {
    emu::fault_rule outage;
    outage.kind = emu::fault_kind::error_status;
    outage.path = std::move(path);
    outage.status = http_status;
    outage.error_code = code;
    outage.times = emu::fault_rule::forever;
    return outage;
}

}  // namespace

TEST_CASE("doctor finds a working connection healthy with one probe and nothing to do") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    const auto d = diagnose(*c);
    CHECK(d.verdict() == "healthy");
    CHECK(d.first_action() == "nothing to do: every check passed");
    CHECK(d.evidence("stored_state").at("state").as_string() == "authorized");
    CHECK(d.evidence("token").at("probe").at("http_status").as_int64() == 200);
    CHECK(d.evidence("clocks").at("offset_s").as_int64() == 0);
    CHECK(d.doc.at("reproduce").as_string() == "");
    CHECK(f.emulator.count("GET /2.0/users/me") == 1);
    CHECK(f.token_requests() == 0);
    check_no_secret_in(f, d);
}

TEST_CASE("doctor sends a named operation once and stays healthy when it succeeds") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    const auto d = diagnose(*c, "sheets.get", R"({"sheetId":"2001"})");
    CHECK(d.verdict() == "healthy");
    const auto& op = d.evidence("operation");
    CHECK(op.at("request").at("http_status").as_int64() == 200);
    CHECK(op.at("request").at("method").as_string() == "GET");
    CHECK(op.at("missing_scopes").as_string() == "");
    CHECK(f.emulator.count("GET /2.0/sheets/{sheetId}") == 1);
}

TEST_CASE("doctor names an admin-shortened lifetime when the token died early and a refresh fixed it") {
    engine_fixture f;
    f.seed_tokens();
    f.emulator.set_admin_lifetime(3600);
    f.emulator.advance_clock(2h);
    auto c = f.open();
    const auto d = diagnose(*c);
    CHECK(d.verdict() == "admin_lifetime");
    CHECK_THAT(d.first_action(),
               Catch::Contains("shorter token lifetime") && Catch::Contains("2 h") && Catch::Contains("7 days"));
    const auto& token = d.evidence("token");
    CHECK(token.at("probe").at("http_status").as_int64() == 401);
    CHECK(token.at("probe").at("error_code").as_int64() == 1003);
    CHECK(token.at("refresh").at("status").as_string() == "ok");
    CHECK(token.at("probe_after_refresh").at("http_status").as_int64() == 200);
    CHECK(f.token_requests() == 1);  // one normal refresh, no more
    CHECK(f.emulator.count("GET /2.0/users/me") == 2);
    check_no_secret_in(f, d);
}

TEST_CASE("doctor says re-authorize when the grant was revoked") {
    engine_fixture f;
    f.seed_tokens();
    f.emulator.revoke_all_tokens(engine_fixture::user);
    auto c = f.open();
    const auto d = diagnose(*c);
    CHECK(d.verdict() == "revoked");
    CHECK_THAT(d.first_action(), Catch::Contains("re-authorize") && Catch::Contains("tether authorize-url"));
    const auto& token = d.evidence("token");
    CHECK(token.at("probe").at("http_status").as_int64() == 401);
    CHECK(token.at("refresh").at("status").as_string() == "reconnect_required");
    CHECK(token.at("refresh").at("reason").as_string() == "revoked");
    CHECK(f.token_requests() == 1);

    // The verdict now stands in the record: the next run finds it without any request.
    f.emulator.clear_observations();
    const auto again = diagnose(*c);
    CHECK(again.verdict() == "revoked");
    CHECK(again.evidence("stored_state").at("reconnect_reason").as_string() == "revoked");
    CHECK_FALSE(again.ran("token"));
    CHECK(f.emulator.count("GET /2.0/users/me") == 0);
}

TEST_CASE("doctor names the scope to request when the operation needs one the grant lacks") {
    engine_fixture f;
    f.seed_tokens("conn-1", {"READ_SHEETS", "WRITE_SHEETS"});
    auto c = f.open();
    const auto d = diagnose(*c, "webhooks.list");
    CHECK(d.verdict() == "reauthorize_scopes");
    CHECK_THAT(d.first_action(), Catch::Contains("ADMIN_WEBHOOKS") && Catch::Contains("re-authorize"));
    const auto& op = d.evidence("operation");
    CHECK(op.at("missing_scopes").as_string() == "ADMIN_WEBHOOKS");
    CHECK(op.at("request").at("http_status").as_int64() == 403);
    CHECK_THAT(std::string(d.doc.at("reproduce").as_string()), Catch::Contains("/2.0/webhooks"));
}

TEST_CASE("doctor names the unshared sheet on a 403 when the scopes were granted") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    const auto d = diagnose(*c, "sheets.get", R"({"sheetId":"2002"})");
    CHECK(d.verdict() == "permission");
    CHECK_THAT(d.first_action(), Catch::Contains("share sheet 2002") && Catch::Contains("will not help"));
    const auto& op = d.evidence("operation");
    CHECK(op.at("resource").as_string() == "sheet 2002");
    CHECK(op.at("missing_scopes").as_string() == "");
    CHECK(op.at("request").at("error_code").as_int64() == 1004);
    CHECK(f.emulator.count("GET /2.0/sheets/{sheetId}") == 1);  // never retried
}

TEST_CASE("doctor names the missing sheet on a 404") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    const auto d = diagnose(*c, "sheets.get", R"({"sheetId":"999999"})");
    CHECK(d.verdict() == "not_found");
    CHECK_THAT(d.first_action(), Catch::Contains("sheet 999999 does not exist"));
    CHECK(d.evidence("operation").at("request").at("http_status").as_int64() == 404);
}

TEST_CASE("doctor finds a skewed clock from the provider's Date") {
    engine_fixture f;
    f.seed_tokens();
    f.emulator.set_date_skew(2h);
    auto c = f.open();
    const auto d = diagnose(*c);
    CHECK(d.verdict() == "clock_skew");
    CHECK_THAT(d.first_action(), Catch::Contains("2 h behind") && Catch::Contains("NTP"));
    const auto offset = d.evidence("clocks").at("offset_s").as_int64();
    CHECK(offset >= 7199);
    CHECK(offset <= 7201);
    CHECK_FALSE(d.ran("token"));  // the clocks check comes first and decides
}

TEST_CASE("doctor reports an outage with the circuit's evidence and without retrying") {
    engine_fixture f;
    f.seed_tokens();
    f.emulator.add_fault(outage_on("/2.0/users/me", 503, 4001));
    auto c = f.open();
    const auto d = diagnose(*c);
    CHECK(d.verdict() == "provider_outage");
    CHECK_THAT(d.first_action(), Catch::Contains("HTTP 503") && Catch::Contains("try again later"));
    const auto& token = d.evidence("token");
    CHECK(token.at("probe").at("http_status").as_int64() == 503);
    CHECK(token.at("circuit").as_string() == "closed");
    CHECK(token.contains("recent_server_errors"));
    CHECK(f.emulator.count("GET /2.0/users/me") == 1);
    CHECK(f.host_ref->sleeps().empty());
}

TEST_CASE("doctor blames the platform for a recorded result whose attempt carried no credential") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    // What a platform recorded: the call's first attempt went out without its Authorization header (the
    // emulator answers such a request 401) and the platform gave up.
    const auto done = c->call(call_of("sheets.get", R"({"sheetId":"2001"})"));
    REQUIRE(done.code == status::ok);
    auto recorded = boost::json::parse(tether::outcome_to_json(done)).as_object();
    recorded["status"] = "reconnect_required";
    auto& first = recorded["attempts"].as_array()[0].as_object();
    REQUIRE(first.at("credential").as_string().starts_with("bearer …"));
    first["credential"] = "none";
    first["http_status"] = 401;
    const auto d = diagnose(*c, "", "", boost::json::serialize(recorded));
    CHECK(d.verdict() == "platform");
    CHECK_THAT(d.first_action(),
               Catch::Contains("without an Authorization header") && Catch::Contains("/2.0/sheets/2001"));
    CHECK(d.evidence("recorded_result").at("without_credential").as_int64() == 1);
}

TEST_CASE("doctor blames the platform when the recorded failing request succeeds now") {
    engine_fixture f;
    f.seed_tokens();
    f.emulator.add_fault(outage_on("/2.0/sheets/2001", 502));
    auto c = f.open();
    const auto failed = c->call(call_of("sheets.get", R"({"sheetId":"2001"})"));
    REQUIRE(failed.code == status::transient);
    f.emulator.clear_faults();
    const auto d = diagnose(*c, "sheets.get", R"({"sheetId":"2001"})", tether::outcome_to_json(failed));
    CHECK(d.verdict() == "platform");
    CHECK_THAT(d.first_action(), Catch::Contains("succeeds now"));
    CHECK(d.evidence("recorded_result").at("same_request_ok_now").as_bool());
}

TEST_CASE("doctor says authorize first for a connection never authorized, without any request") {
    engine_fixture f;
    auto c = f.open();
    const auto d = diagnose(*c);
    CHECK(d.verdict() == "config");
    CHECK_THAT(d.first_action(), Catch::Contains("tether authorize-url"));
    CHECK(f.http_ref->sent == 0);
}

TEST_CASE("doctor refuses an unknown operation as config without sending it") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    const auto d = diagnose(*c, "sheets.frobnicate");
    CHECK(d.verdict() == "config");
    CHECK_THAT(std::string(d.evidence("operation").at("refused").as_string()), Catch::Contains("unknown_operation"));
    CHECK(f.http_ref->sent == 1);  // the probe only
}

TEST_CASE("no doctor output or log line holds more than the last 6 characters of a secret") {
    // Every verdict that touches a token, with the host logging at every level (trace included): the
    // fixture scans every log line for every secret the emulator issued; the outputs are scanned here.
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    check_no_secret_in(f, diagnose(*c));
    check_no_secret_in(f, diagnose(*c, "sheets.get", R"({"sheetId":"2002"})"));
    f.emulator.set_admin_lifetime(60);
    f.emulator.advance_clock(2min);
    check_no_secret_in(f, diagnose(*c));
    f.emulator.revoke_all_tokens(engine_fixture::user);
    const auto revoked = diagnose(*c);
    CHECK(revoked.verdict() == "revoked");
    check_no_secret_in(f, revoked);
    for (const auto& line : f.host_ref->logs())
        if (line.starts_with("verdict ")) return;  // doctor did log (so the scan covered it)
    FAIL_CHECK("doctor wrote no log line");
}
