// The doctor's decision as a table: synthetic evidence → verdict and first action, without a network. Each
// row is one root cause of the troubleshooting guide; the order of the checks decides between causes.
#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "plugin/doctor/recorded_result.hpp"
#include "plugin/doctor/verdict.hpp"

using namespace tether::doctor;
using tether::status;

namespace {

constexpr std::int64_t hour = 3600 * 1000;

evidence authorized() {
    evidence e;
    e.state.state = "authorized";
    e.state.record_version = 3;
    e.state.age_ms = 2 * hour;
    e.state.declared_lifetime_ms = 7 * 24 * hour;
    return e;
}

exchange_facts answered(int http_status, std::int64_t code = 0, std::string reason = "") {
    exchange_facts x;
    x.label = "probe users.me";
    x.seen.http_status = http_status;
    x.seen.provider_code = code;
    x.seen.method = "GET";
    x.seen.url = "https://api.smartsheet.com/2.0/users/me";
    x.reason = http_status >= 200 && http_status < 300 ? "" : (reason.empty() ? "failed" : reason);
    return x;
}

evidence probed(int http_status, std::int64_t code = 0) {
    evidence e = authorized();
    e.clocks = clock_facts{1'000'000, 1'000'000, std::nullopt};
    e.token = token_facts{};
    e.token->probe = answered(http_status, code);
    return e;
}

evidence with_operation(int http_status, std::string missing_scopes = "") {
    evidence e = probed(200);
    operation_facts op;
    op.name = "sheets.get";
    op.resource_kind = "sheet";
    op.resource_id = "2002";
    op.required_scopes = "READ_SHEETS";
    op.missing_scopes = std::move(missing_scopes);
    op.sent = answered(http_status);
    op.outage.circuit_state = "open";
    e.operation = std::move(op);
    return e;
}

}  // namespace

TEST_CASE("doctor table: each root cause's evidence gives its verdict and first action") {
    struct row {
        const char* cause;
        evidence e;
        verdict expected;
        const char* action_mentions;
    };
    std::vector<row> rows;
    rows.push_back({"all checks pass", with_operation(200), verdict::healthy, "nothing to do"});
    {
        evidence e;
        e.state.state = "unauthorized";
        rows.push_back({"never authorized", e, verdict::config, "tether authorize-url"});
    }
    {
        evidence e = authorized();
        e.state.state = "reconnect_required";
        e.state.reconnect_reason = "invalid_grant";
        rows.push_back({"a standing reconnect verdict", e, verdict::revoked, "re-authorize"});
        e.state.reconnect_reason = "scope_missing";
        rows.push_back({"a standing scope verdict", e, verdict::reauthorize_scopes, "re-authorize"});
    }
    {
        evidence e = authorized();
        e.state.learned_lifetime_ms = 1 * hour;
        e.state.early_death_age_ms = 90 * 60 * 1000;
        rows.push_back({"a learned lifetime alone (tether refreshes before it)", e, verdict::healthy, "nothing to do"});
    }
    {
        evidence e = probed(401, 1003);
        e.token->refreshed = true;
        e.token->probe_again = answered(200);
        rows.push_back({"an early death a refresh cured", e, verdict::admin_lifetime, "shorter token lifetime"});
        e.state.age_ms = 8 * 24 * hour;
        rows.push_back({"a token past its declared lifetime, refreshed", e, verdict::healthy, "nothing to do"});
    }
    {
        evidence e = probed(401, 1002);
        e.token->refreshed = true;
        e.token->refresh_code = status::reconnect_required;
        e.token->refresh_reason = "revoked";
        rows.push_back({"a refresh refused", e, verdict::revoked, "re-authorize"});
        e.token->refresh_code = status::transient;
        e.token->refresh_reason = "token_endpoint_unavailable";
        rows.push_back({"the token endpoint down", e, verdict::provider_outage, "try again later"});
    }
    {
        evidence e = probed(200);
        e.clocks->provider_date_ms = e.clocks->local_ms + 2 * hour;
        rows.push_back({"a Date two hours ahead", e, verdict::clock_skew, "2 h behind"});
        e.clocks->provider_date_ms = e.clocks->local_ms + 60 * 1000;
        e.clocks->expires_at_ms = e.clocks->local_ms + 30 * 1000;
        rows.push_back({"a token expired by one clock only", e, verdict::clock_skew, "one clock and not by the other"});
    }
    rows.push_back({"the probe in an outage", probed(503), verdict::provider_outage, "HTTP 503"});
    rows.push_back({"the probe redirected", probed(302), verdict::config, "URL setting"});
    rows.push_back({"a 403 with every scope granted", with_operation(403), verdict::permission, "share sheet 2002"});
    rows.push_back({"a 403 with a scope missing", with_operation(403, "WRITE_SHEETS"), verdict::reauthorize_scopes,
                    "WRITE_SHEETS"});
    rows.push_back({"a 404", with_operation(404), verdict::not_found, "sheet 2002 does not exist"});
    rows.push_back({"a 429 on the operation", with_operation(429), verdict::provider_outage, "HTTP 429"});
    rows.push_back({"a 400 on the operation", with_operation(400), verdict::config, "parameters"});
    {
        evidence e = with_operation(200);
        e.recorded = read_recorded_result(
            R"({"status":"transient","attempts":[{"method":"GET","url":"u","credential":"bearer …abcdef",)"
            R"("record_version":3,"http_status":503},{"method":"GET","url":"u","credential":"none","http_status":401}]})");
        rows.push_back({"a recorded retry without a credential", e, verdict::platform, "attempt 2"});
    }
    {
        evidence e = with_operation(200);
        e.recorded = read_recorded_result(
            R"({"status":"transient","attempts":[{"method":"GET","url":"u","credential":"bearer …abcdef",)"
            R"("record_version":3,"http_status":401}]})");
        e.recorded->current_version = 5;
        rows.push_back({"a recorded 401 for an older record", e, verdict::platform, "stale cached state"});
    }
    {
        evidence e = with_operation(200);
        e.recorded = read_recorded_result(R"({"status":"transient","attempts":[]})");
        e.recorded->same_request_ok_now = true;
        rows.push_back({"a recorded failure that succeeds now", e, verdict::platform, "succeeds now"});
    }
    {
        evidence e = with_operation(200);
        e.recorded = read_recorded_result("not json");
        rows.push_back({"a recorded file that is not a result", e, verdict::config, "not a tether result"});
    }

    for (const auto& r : rows) {
        INFO(r.cause);
        const diagnosis d = decide(r.e);
        CHECK(to_string(d.found) == to_string(r.expected));
        CHECK_THAT(d.first_action, Catch::Contains(r.action_mentions));
        if (d.found != verdict::healthy) CHECK_FALSE(d.checks.back().ok);
    }
}

TEST_CASE("doctor table: the first finding ends the checks") {
    evidence e = with_operation(404);
    e.clocks->provider_date_ms = e.clocks->local_ms + 2 * hour;
    const diagnosis d = decide(e);
    CHECK(d.found == verdict::clock_skew);
    REQUIRE(d.checks.size() == 2);
    CHECK(d.checks[0].name == "stored_state");
    CHECK(d.checks[1].name == "clocks");
}

TEST_CASE("doctor table: the JSON has the verdict, the first action, each check and the reproduce line") {
    diagnosis d = decide(with_operation(404));
    d.reproduce = "curl -sS -X 'GET' 'u'";
    const auto doc = boost::json::parse(diagnosis_json(d)).as_object();
    CHECK(doc.at("verdict").as_string() == "not_found");
    CHECK(doc.at("first_action").as_string() == d.first_action);
    CHECK(doc.at("checks").as_array().size() == 4);
    CHECK(doc.at("checks").as_array().back().at("ok").as_bool() == false);
    CHECK(doc.at("reproduce").as_string() == "curl -sS -X 'GET' 'u'");
}
