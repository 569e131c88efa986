// The call verb end to end against the emulator: refresh once on expiry, forbidden without refresh, backoff
// on 429/5xx within the attempt and time budgets, the first failure as root cause, POST safety, paging
// (offset and token) and the circuit breaker. Time never passes by sleeping: the test host records sleeps
// and the emulator's clock is advanced instead.
#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "plugin/retry/backoff.hpp"
#include "tests/call/call_fixture.hpp"
#include "tests/call/call_manifests.hpp"

using namespace tether_test;
using namespace tether_call_test;
using Catch::Matchers::Contains;
using tether::status;

namespace {

emu::fault_rule error_fault(std::string method, std::string path, int http_status, int code, int times = 1) {
    emu::fault_rule rule;
    rule.kind = emu::fault_kind::error_status;
    rule.method = std::move(method);
    rule.path = std::move(path);
    rule.status = http_status;
    rule.error_code = code;
    rule.times = times;
    return rule;
}

std::string suffix(const std::string& token) {
    return token.substr(token.size() - 6);
}

boost::json::object body_of(const tether::outcome& o) {
    return boost::json::parse(o.body).as_object();
}

}  // namespace

TEST_CASE("an expired token: one refresh, the original call retried once with the new bearer, OK") {
    engine_fixture f;
    const auto first = f.seed_tokens();
    auto c = f.open();
    f.emulator.set_admin_lifetime(3600);  // the provider kills it early; tether still believes it fresh
    f.emulator.advance_clock(std::chrono::hours(2));

    const auto o = c->call(call_of("sheets.get", R"({"sheetId": 2001})"));
    REQUIRE(o.code == status::ok);
    CHECK(body_of(o).at("id").as_int64() == 2001);
    CHECK(f.token_requests() == 1);
    CHECK(f.emulator.count("GET /2.0/sheets/{sheetId}") == 2);
    REQUIRE(o.attempts.size() == 2);
    CHECK(o.attempts[0].http_status == 401);
    CHECK(o.attempts[0].provider_code == 1003);
    CHECK(o.attempts[0].action == "refresh_then_retry");
    CHECK(o.attempts[1].action == "ok");
    REQUIRE(o.first_failure);
    CHECK(o.first_failure->http_status == 401);
    CHECK(f.host_ref->sleeps().empty());

    const auto log = f.emulator.request_log();
    std::vector<std::string> bearers;
    for (const auto& e : log)
        if (e.endpoint == "GET /2.0/sheets/{sheetId}") bearers.push_back(e.bearer_suffix);
    REQUIRE(bearers.size() == 2);
    CHECK(bearers[0] == suffix(first.access_token));
    CHECK(bearers[1] != bearers[0]);  // the retry carried the refreshed token
    check_no_token_leak(f, {o}, {first.access_token, first.refresh_token});
}

TEST_CASE("403 on a sheet not shared with the user: FORBIDDEN with the sheet, no refresh, no retry") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    const auto o = c->call(call_of("sheets.get", R"({"sheetId": 2002})"));
    CHECK(o.code == status::forbidden);
    CHECK(o.reason == "not_authorized");
    CHECK(o.http_status == 403);
    CHECK(o.provider_code == 1004);
    CHECK_FALSE(o.ref_id.empty());
    CHECK(o.resource_kind == "sheet");
    CHECK(o.resource_id == "2002");
    CHECK_THAT(o.message, Contains("sheet 2002"));
    CHECK(o.attempts.size() == 1);
    CHECK(f.emulator.count("POST /2.0/token") == 0);
    CHECK(f.emulator.count("GET /2.0/sheets/{sheetId}") == 1);
    CHECK(f.host_ref->sleeps().empty());
}

TEST_CASE("a 404 is NOT_FOUND with the resource, a 400 is BAD_REQUEST, neither is retried") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    const auto missing = c->call(call_of("sheets.get", R"({"sheetId": 999})"));
    CHECK(missing.code == status::not_found);
    CHECK(missing.resource_id == "999");
    tether::call_request bad = call_of("rows.add", R"({"sheetId": 2001})");
    bad.has_body = true;
    bad.body = R"({"nothing": true})";
    const auto rejected = c->call(bad);
    CHECK(rejected.code == status::bad_request);
    CHECK(rejected.attempts.size() == 1);
    CHECK(f.host_ref->sleeps().empty());
}

TEST_CASE("a 429 storm: backoff within full-jitter bounds, then TRANSIENT with retry_after") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.emulator.add_fault(error_fault("GET", "/2.0/users/me", 429, 4003, emu::fault_rule::forever));

    const auto o = c->call(call_of("users.me"));
    CHECK(o.code == status::transient);
    CHECK(o.reason == "rate_limited");
    CHECK(o.retry_after_ms >= 1000);
    const auto& backoff = f.connector->manifest().errors.backoff;
    CHECK(f.emulator.count("GET /2.0/users/me") == backoff.max_retries + 1);
    const auto sleeps = f.host_ref->sleeps();
    REQUIRE(sleeps.size() == static_cast<std::size_t>(backoff.max_retries));
    for (std::size_t i = 0; i < sleeps.size(); ++i) {
        INFO("retry " << i);
        CHECK(sleeps[i] >= 0);
        CHECK(sleeps[i] <=
              tether::retry::backoff_ceiling_ms({backoff.base_delay_ms, backoff.max_delay_ms}, static_cast<int>(i)));
        CHECK(o.attempts[i].delay_ms == sleeps[i]);
        CHECK(o.attempts[i].action == "retry");
    }
    CHECK(o.attempts.back().delay_ms == 0);
    REQUIRE(o.first_failure);
    CHECK(o.first_failure->http_status == 429);
    CHECK(f.connector->circuits().for_api_base(c->settings().api_base).snapshot().state ==
          tether::call::circuit_state::closed);  // a rate limit is about one token, not the host
}

TEST_CASE("a 429 storm with Retry-After: every wait honours it, and the time budget ends the call") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    auto storm = error_fault("GET", "/2.0/users/me", 429, 4003, emu::fault_rule::forever);
    storm.retry_after_s = 25;
    f.emulator.add_fault(storm);

    const auto o = c->call(call_of("users.me"));  // budget 60 s: two waits of 25 s fit, a third does not
    CHECK(o.code == status::transient);
    CHECK(o.retry_after_ms == 25'000);
    CHECK_THAT(o.message, Contains("time budget"));
    CHECK(f.host_ref->sleeps() == std::vector<std::int64_t>{25'000, 25'000});
    CHECK(f.emulator.count("GET /2.0/users/me") == 3);

    // The emulator's own log agrees: three requests, the same bearer, all answered 429.
    const auto log = f.emulator.request_log();
    CHECK(std::count_if(log.begin(), log.end(), [](const auto& e) { return e.status == 429; }) == 3);
}

TEST_CASE("a Retry-After longer than the longest delay is handed to the host at once") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    auto storm = error_fault("GET", "/2.0/users/me", 429, 4003, emu::fault_rule::forever);
    storm.retry_after_s = 120;
    f.emulator.add_fault(storm);
    const auto o = c->call(call_of("users.me"));
    CHECK(o.code == status::transient);
    CHECK(o.retry_after_ms == 120'000);
    CHECK(f.emulator.count("GET /2.0/users/me") == 1);
    CHECK(f.host_ref->sleeps().empty());
}

TEST_CASE("the emulator's rate limit: backoff then success once the window has passed") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.emulator.set_rate_limit(2, 1);
    CHECK(c->call(call_of("users.me")).code == status::ok);
    CHECK(c->call(call_of("users.me")).code == status::ok);
    const auto limited = c->call(call_of("users.me"));
    CHECK(limited.code == status::transient);
    CHECK(limited.reason == "rate_limited");
    for (const auto wait : f.host_ref->sleeps()) CHECK(wait >= 1000);  // Retry-After: 1 wins over smaller jitter
    f.emulator.advance_clock(std::chrono::seconds(61));
    CHECK(c->call(call_of("users.me")).code == status::ok);
}

TEST_CASE("503 then success: one retry, OK, the 503 reported as first failure") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.emulator.add_fault(error_fault("GET", "/2.0/sheets/2001", 503, 4001));
    const auto o = c->call(call_of("sheets.get", R"({"sheetId": 2001})"));
    REQUIRE(o.code == status::ok);
    REQUIRE(o.attempts.size() == 2);
    CHECK(o.attempts[0].http_status == 503);
    CHECK(o.attempts[0].provider_code == 4001);
    CHECK(o.attempts[0].action == "retry");
    REQUIRE(o.first_failure);
    CHECK(o.first_failure->http_status == 503);
    // The first failure is the chain's first entry, with what was decided about it.
    CHECK(o.first_failure->action == "retry");
    CHECK(o.first_failure->delay_ms == o.attempts[0].delay_ms);
    CHECK(f.host_ref->sleeps().size() == 1);
    CHECK(f.host_ref->sleeps()[0] == o.attempts[0].delay_ms);
    CHECK(f.emulator.count("GET /2.0/sheets/{sheetId}") == 2);
}

TEST_CASE("503 then 401: the 503 stays the first failure and the 401 is handled by one refresh") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.emulator.set_admin_lifetime(3600);
    f.emulator.advance_clock(std::chrono::hours(2));
    f.emulator.add_fault(error_fault("GET", "/2.0/users/me", 503, 4001));

    const auto o = c->call(call_of("users.me"));
    REQUIRE(o.code == status::ok);
    REQUIRE(o.attempts.size() == 3);
    CHECK(o.attempts[0].http_status == 503);
    CHECK(o.attempts[0].action == "retry");
    CHECK(o.attempts[1].http_status == 401);
    CHECK(o.attempts[1].action == "refresh_then_retry");
    CHECK(o.attempts[2].action == "ok");
    REQUIRE(o.first_failure);
    CHECK(o.first_failure->http_status == 503);
    CHECK(o.first_failure->provider_code == 4001);
    CHECK(f.token_requests() == 1);
    CHECK(f.host_ref->sleeps().size() == 1);
}

TEST_CASE("503 then 401 with a revoked grant: reconnect, the 503 still the first failure, no loop") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.emulator.add_fault(error_fault("GET", "/2.0/users/me", 503, 4001));
    f.emulator.revoke_all_tokens(engine_fixture::user);
    const auto o = c->call(call_of("users.me"));
    CHECK(o.code == status::reconnect_required);
    REQUIRE(o.first_failure);
    CHECK(o.first_failure->http_status == 503);
    CHECK(f.token_requests() == 1);
    CHECK(f.emulator.count("GET /2.0/users/me") == 2);
}

TEST_CASE("a POST is not retried after a timeout (it may have been processed), a GET is") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    // Real time here: the timeout leaves an ordinary request ample room even under ThreadSanitizer on a
    // loaded machine, and the delay is well past it.
    tether::call::call_limits quick;
    quick.attempt_timeout_ms = 1000;
    emu::fault_rule slow;
    slow.kind = emu::fault_kind::delay;
    slow.delay_ms = 2500;

    slow.method = "POST";
    slow.path = "/2.0/sheets/2001/rows";
    f.emulator.add_fault(slow);
    tether::call_request add = call_of("rows.add", R"({"sheetId": 2001})");
    add.has_body = true;
    add.body = R"([{"cells": []}])";
    const auto post = call_with_limits(f, *c, add, quick);
    CHECK(post.code == status::transient);
    CHECK(post.reason == "transport_timeout");
    CHECK_THAT(post.message, Contains("not idempotent"));
    REQUIRE(post.attempts.size() == 1);
    CHECK(post.attempts[0].transport_error == "timeout");
    CHECK(f.http_ref->sent == 1);
    CHECK(f.host_ref->sleeps().empty());

    slow.method = "GET";
    slow.path = "/2.0/sheets/2001";
    f.emulator.add_fault(slow);
    const auto get = call_with_limits(f, *c, call_of("sheets.get", R"({"sheetId": 2001})"), quick);
    CHECK(get.code == status::ok);
    REQUIRE(get.attempts.size() == 2);
    CHECK(get.attempts[0].transport_error == "timeout");
    CHECK(f.http_ref->sent == 3);
}

TEST_CASE("a POST is retried after a 429 and a 503/4001: they prove it was not processed") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.emulator.add_fault(error_fault("POST", "/2.0/sheets/2001/rows", 429, 4003));
    f.emulator.add_fault(error_fault("POST", "/2.0/sheets/2001/rows", 503, 4001));
    tether::call_request add = call_of("rows.add", R"({"sheetId": 2001})");
    add.has_body = true;
    add.body = R"({"cells": []})";
    const auto o = c->call(add);
    REQUIRE(o.code == status::ok);
    CHECK(o.attempts.size() == 3);
    CHECK(f.emulator.count("POST /2.0/sheets/{sheetId}/rows") == 3);
    CHECK(f.host_ref->sleeps().size() == 2);

    // But a 500/4004 (concurrent update: maybe processed) is not retried for a POST.
    f.emulator.add_fault(error_fault("POST", "/2.0/sheets/2001/rows", 500, 4004));
    const auto not_again = c->call(add);
    CHECK(not_again.code == status::transient);
    CHECK(not_again.attempts.size() == 1);
}

TEST_CASE("offset paging: all pages of sheets.list concatenated in data") {
    engine_fixture f;
    for (int i = 0; i < 250; ++i) f.emulator.add_sheet(5000 + i, "Sheet " + std::to_string(i), engine_fixture::user);
    f.seed_tokens();
    auto c = f.open();

    const auto one = c->call(call_of("sheets.list"));  // one page by default, the provider's body as is
    REQUIRE(one.code == status::ok);
    CHECK(body_of(one).at("totalPages").as_int64() == 3);
    CHECK(body_of(one).at("data").as_array().size() == 100);
    CHECK(f.emulator.count("GET /2.0/sheets") == 1);

    const auto all = c->call(all_pages_of("sheets.list"));
    REQUIRE(all.code == status::ok);
    const auto body = body_of(all);
    CHECK(body.at("pages").as_int64() == 3);
    CHECK(body.at("totalCount").as_int64() == 251);
    CHECK(body.at("truncated").as_bool() == false);
    const auto& data = body.at("data").as_array();
    CHECK(data.size() == 251);
    std::set<std::int64_t> ids;
    for (const auto& sheet : data) ids.insert(sheet.at("id").as_int64());
    CHECK(ids.size() == 251);
    CHECK(f.emulator.count("GET /2.0/sheets") == 1 + 3);
    CHECK(all.attempts.size() == 3);

    const auto capped = c->call(all_pages_of("sheets.list", 150));
    REQUIRE(capped.code == status::ok);
    CHECK(body_of(capped).at("data").as_array().size() == 150);
    CHECK(body_of(capped).at("truncated").as_bool());
    CHECK(f.emulator.count("GET /2.0/sheets") == 4 + 2);
}

TEST_CASE("token paging: all pages of workspaces.list follow lastKey") {
    engine_fixture f;
    for (int i = 0; i < 250; ++i)
        f.emulator.add_workspace(7000 + i, "Workspace " + std::to_string(i), {engine_fixture::user});
    f.seed_tokens();
    auto c = f.open();
    const auto all = c->call(all_pages_of("workspaces.list"));
    REQUIRE(all.code == status::ok);
    const auto body = body_of(all);
    CHECK(body.at("pages").as_int64() == 3);
    const auto& data = body.at("data").as_array();
    REQUIRE(data.size() == 250);
    for (std::size_t i = 0; i < data.size(); ++i)
        CHECK(data[i].at("id").as_int64() == 7000 + static_cast<std::int64_t>(i));
    CHECK(f.emulator.count("GET /2.0/workspaces") == 3);

    const auto one = c->call(call_of("workspaces.list"));
    REQUIRE(one.code == status::ok);
    CHECK(body_of(one).at("lastKey").is_string());  // token paging was asked for (paginationType=token)
    CHECK(body_of(one).at("data").as_array().size() == 100);
}

TEST_CASE("each page is its own attempt sequence, a page that keeps failing ends the walk with the attempts so far") {
    engine_fixture f;
    for (int i = 0; i < 250; ++i) f.emulator.add_sheet(5000 + i, "Sheet " + std::to_string(i), engine_fixture::user);
    f.seed_tokens();
    auto c = f.open();

    auto blip = error_fault("GET", "/2.0/sheets", 503, 4001);
    blip.skip = 1;  // page 2, once
    f.emulator.add_fault(blip);
    const auto recovered = c->call(all_pages_of("sheets.list"));
    REQUIRE(recovered.code == status::ok);
    CHECK(body_of(recovered).at("data").as_array().size() == 251);
    REQUIRE(recovered.attempts.size() == 4);
    CHECK(recovered.attempts[1].http_status == 503);
    CHECK(recovered.first_failure->http_status == 503);

    f.emulator.clear_observations();
    auto outage = error_fault("GET", "/2.0/sheets", 500, 4000, emu::fault_rule::forever);
    outage.skip = 2;  // pages 1 and 2 pass, page 3 keeps failing
    f.emulator.add_fault(outage);
    const auto failed = c->call(all_pages_of("sheets.list"));
    CHECK(failed.code == status::transient);
    // The body is the failing page's own answer, as for any failed call: none of the pages before it.
    INFO(failed.body);
    CHECK(body_of(failed).at("errorCode").as_int64() == 4000);
    CHECK(!body_of(failed).contains("data"));
    const auto& backoff = f.connector->manifest().errors.backoff;
    REQUIRE(failed.attempts.size() == 2 + static_cast<std::size_t>(backoff.max_retries) + 1);
    CHECK(failed.attempts[0].action == "ok");
    CHECK(failed.attempts[1].action == "ok");
    CHECK(failed.first_failure->http_status == 500);
    CHECK(f.emulator.count("GET /2.0/sheets") == 2 + backoff.max_retries + 1);
}

TEST_CASE("a page of another shape is a pagination mismatch, the page limit truncates") {
    engine_fixture f;
    for (int i = 0; i < 250; ++i) f.emulator.add_sheet(5000 + i, "Sheet " + std::to_string(i), engine_fixture::user);
    f.seed_tokens();
    auto c = f.open();
    // Page 2 is JSON, but an error body rather than a page.
    auto other_shape = error_fault("GET", "/2.0/sheets", 200, 4000);
    other_shape.skip = 1;
    f.emulator.add_fault(other_shape);
    const auto mismatch = c->call(all_pages_of("sheets.list"));
    CHECK(mismatch.code == status::config_error);
    CHECK(mismatch.reason == "pagination_mismatch");
    CHECK_THAT(mismatch.message, Contains("page 2"));
    CHECK(mismatch.attempts.size() == 2);

    tether::call::call_limits two_pages;
    two_pages.max_pages = 2;
    const auto limited = call_with_limits(f, *c, all_pages_of("sheets.list"), two_pages);
    REQUIRE(limited.code == status::ok);
    CHECK(body_of(limited).at("pages").as_int64() == 2);
    CHECK(body_of(limited).at("data").as_array().size() == 200);
    CHECK(body_of(limited).at("truncated").as_bool());
}

TEST_CASE("an expiry in the middle of a walk is refreshed once and the walk goes on") {
    engine_fixture f;
    for (int i = 0; i < 150; ++i) f.emulator.add_sheet(5000 + i, "Sheet " + std::to_string(i), engine_fixture::user);
    f.seed_tokens();
    auto c = f.open();
    auto expired = error_fault("GET", "/2.0/sheets", 401, 1003);
    expired.skip = 1;
    f.emulator.add_fault(expired);
    const auto o = c->call(all_pages_of("sheets.list"));
    REQUIRE(o.code == status::ok);
    CHECK(body_of(o).at("data").as_array().size() == 151);
    CHECK(f.token_requests() == 1);
    CHECK(o.attempts.size() == 3);
}

TEST_CASE("the circuit opens after a burst of failures, fails fast, then lets exactly one probe through") {
    engine_fixture f;
    f.seed_tokens();
    f.seed_tokens("conn-2");
    auto c = f.open();
    auto sibling = f.open("conn-2");
    f.emulator.add_fault(error_fault("GET", "/2.0/users/me", 500, 4000, emu::fault_rule::forever));

    const auto burst = c->call(call_of("users.me"));  // 5 failing attempts: the breaker's threshold
    CHECK(burst.code == status::transient);
    CHECK(burst.reason == "server_error");
    CHECK(f.emulator.count("GET /2.0/users/me") == 5);

    // Open: nothing reaches the emulator, for this connection or its sibling on the same host.
    for (auto* conn : {c.get(), sibling.get(), c.get()}) {
        const auto fast = conn->call(call_of("users.me"));
        CHECK(fast.code == status::transient);
        CHECK(fast.reason == "circuit_open");
        CHECK(fast.retry_after_ms > 0);
        CHECK(fast.retry_after_ms <= 10'000);
        CHECK(fast.attempts.empty());
    }
    CHECK(f.emulator.count("GET /2.0/users/me") == 5);
    CHECK(f.http_ref->sent == 5);

    // The open period passes: one probe, which fails; the circuit re-opens for longer.
    f.emulator.advance_clock(std::chrono::seconds(11));
    const auto probe = c->call(call_of("users.me"));
    CHECK(probe.code == status::transient);
    CHECK(probe.reason == "circuit_open");
    CHECK(probe.attempts.size() == 1);
    CHECK(probe.retry_after_ms > 10'000);
    CHECK(f.emulator.count("GET /2.0/users/me") == 6);
    CHECK(sibling->call(call_of("users.me")).reason == "circuit_open");
    CHECK(f.emulator.count("GET /2.0/users/me") == 6);

    // The host recovers; after the longer period one probe succeeds and the circuit closes for everyone.
    f.emulator.clear_faults();
    f.emulator.advance_clock(std::chrono::seconds(11));
    CHECK(c->call(call_of("users.me")).reason == "circuit_open");  // still within the doubled period
    f.emulator.advance_clock(std::chrono::seconds(10));
    CHECK(c->call(call_of("users.me")).code == status::ok);
    CHECK(f.emulator.count("GET /2.0/users/me") == 7);
    CHECK(sibling->call(call_of("users.me")).code == status::ok);
    CHECK(c->call(call_of("users.me")).code == status::ok);
    CHECK(f.emulator.count("GET /2.0/users/me") == 9);
}

TEST_CASE("transport failures count toward the circuit, a refused parameter never reaches it") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    emu::fault_rule reset;
    reset.kind = emu::fault_kind::connection_reset;
    reset.path = "/2.0/users/me";
    reset.times = emu::fault_rule::forever;
    f.emulator.add_fault(reset);
    const auto o = c->call(call_of("users.me"));
    CHECK(o.code == status::transient);
    CHECK(o.attempts.size() == 5);
    CHECK(o.attempts[0].transport_error == "connection_reset");
    CHECK(c->call(call_of("users.me")).reason == "circuit_open");
    CHECK(c->call(call_of("search", R"({"query": "a\r\nb"})")).code == status::bad_request);
}

TEST_CASE("path traversal and CR/LF/NUL are refused as BAD_REQUEST before anything is sent") {
    engine_fixture f;
    use_manifest(f, smartsheet_with_files());
    f.seed_tokens();
    auto c = f.open();
    f.emulator.clear_observations();
    const std::vector<std::string> attempts = {R"({"name": "../sheets"})",
                                               R"({"name": "%2e%2e"})",
                                               R"({"name": "a/../../b"})",
                                               R"({"name": "%252e%252e"})",
                                               R"({"name": "ok", "X-Trace": "a\r\nAuthorization: Bearer x"})",
                                               R"({"name": "ok", "q": "a\nb"})",
                                               R"({"name": "a\u0000b"})"};
    for (const auto& params : attempts) {
        INFO(params);
        const auto o = c->call(call_of("files.get", params));
        CHECK(o.code == status::bad_request);
        CHECK(o.attempts.empty());
    }
    CHECK(c->call(call_of("search", R"({"query": "x\r\nHost: evil"})")).code == status::bad_request);
    CHECK(c->call(call_of("sheets.get", R"({"sheetId": "../2002"})")).code == status::bad_request);
    CHECK(f.emulator.request_log().empty());
    CHECK(f.http_ref->sent == 0);

    // A harmless value goes out percent-encoded (the emulator answers 404 for the unknown path).
    const auto sent = c->call(call_of("files.get", R"({"name": "a b"})"));
    CHECK(sent.code == status::not_found);
    CHECK(f.http_ref->sent == 1);
}

TEST_CASE("no token or refresh token appears in any log line or outcome across a call's failures") {
    engine_fixture f;
    const auto first = f.seed_tokens();
    auto c = f.open();
    std::vector<tether::outcome> seen;
    f.emulator.set_admin_lifetime(3600);
    f.emulator.advance_clock(std::chrono::hours(2));
    f.emulator.add_fault(error_fault("GET", "/2.0/users/me", 503, 4001));
    seen.push_back(c->call(call_of("users.me")));
    seen.push_back(c->call(call_of("sheets.get", R"({"sheetId": 2002})")));
    f.emulator.add_fault(error_fault("GET", "/2.0/users/me", 401, 1002, 2));  // refreshed token rejected too
    seen.push_back(c->call(call_of("users.me")));
    CHECK(seen.back().code == status::transient);
    CHECK_THAT(seen.back().message, Contains("rejected the token again"));
    f.emulator.revoke_all_tokens(engine_fixture::user);
    seen.push_back(c->call(call_of("users.me")));
    CHECK(seen.back().code == status::reconnect_required);
    CHECK_FALSE(f.host_ref->logs().empty());
    std::vector<std::string> tokens = {first.access_token, first.refresh_token};
    for (const auto& t : f.emulator.live_tokens()) tokens.push_back(t.token);
    check_no_token_leak(f, seen, tokens);
}
