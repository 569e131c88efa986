// Revocation in both styles of the manifest: Smartsheet's bearer DELETE against the emulator (a refusal is
// never a success; an expired bearer is refreshed once), and RFC 7009's authenticated form with a script.
#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

#include "plugin/auth/revoke_request.hpp"
#include "tests/auth/engine_fixture.hpp"
#include "tests/support/engine_harness.hpp"

using namespace tether_test;
using tether::status;
using namespace std::chrono_literals;

namespace {

const std::string access_value = "revoke-access-token-4d1c8e2b7a90";
const std::string refresh_value = "revoke-refresh-token-9b2e7f1c3d58";

std::string state_of(const fake_host& host) {
    return std::string(host.record("conn-1").at("state").as_string());
}

// A generic OAuth 2.0 manifest with the standard revocation of `tokens`, and `client_auth`.
std::string rfc7009_manifest(const std::string& client_auth, const std::string& tokens) {
    return R"(format_version: 1
connector: {name: standard, display_name: Standard, version: 1.0.0}
settings:
  client_id: {type: string, required: true}
  client_secret: {type: string, required: true, secret: true}
  redirect_uri: {type: url}
  base_url: {type: url}
servers:
  overrides: {api_base: base_url}
  regions:
    main: {api_base: "https://api.example.com/v1", authorize_url: "https://id.example.com/authorize"}
auth:
  type: oauth2
  token_url: /token
  client_auth: )" +
           client_auth + R"(
  credentials: {client_id: client_id, client_secret: client_secret, redirect_uri: redirect_uri}
  revoke: {style: rfc7009, url: /revoke, tokens: )" +
           tokens + R"(}
  probe: {operation: me}
operations:
  me: {method: GET, path: /me}
)";
}

}  // namespace

TEST_CASE("a revoke answer: 2xx revoked, outages retried, a bearer 401 refreshed, any other refusal rejected") {
    using tether::auth::judge_revoke_answer;
    using tether::auth::revoke_verdict;
    using tether::manifest::revoke_style;
    auto answer = [](int status) {
        tether::http::response r;
        r.status = status;
        return r;
    };
    tether::http::response lost;
    lost.error = tether::http::transport_error::timeout;
    CHECK(judge_revoke_answer(revoke_style::rfc7009, answer(200)) == revoke_verdict::revoked);
    CHECK(judge_revoke_answer(revoke_style::bearer, answer(204)) == revoke_verdict::revoked);
    for (int status : {408, 429, 500, 503})
        CHECK(judge_revoke_answer(revoke_style::rfc7009, answer(status)) == revoke_verdict::retry_later);
    CHECK(judge_revoke_answer(revoke_style::bearer, lost) == revoke_verdict::retry_later);
    CHECK(judge_revoke_answer(revoke_style::bearer, answer(401)) == revoke_verdict::refresh_then_retry);
    for (int status : {400, 401, 403, 404})
        CHECK(judge_revoke_answer(revoke_style::rfc7009, answer(status)) == revoke_verdict::rejected);
    CHECK(judge_revoke_answer(revoke_style::bearer, answer(403)) == revoke_verdict::rejected);
}

TEST_CASE("what a revoke sends: the bearer style's access token, rfc7009's listed tokens the record holds") {
    using tether::manifest::revoked_token;
    tether::record::token_record r;
    r.access_token = access_value;
    r.refresh_token = refresh_value;
    tether::manifest::revoke_spec bearer;
    const auto by_bearer = tether::auth::revoke_targets(bearer, r);
    REQUIRE(by_bearer.size() == 1);
    CHECK(by_bearer[0].token == access_value);

    tether::manifest::revoke_spec standard;
    standard.style = tether::manifest::revoke_style::rfc7009;
    standard.tokens = {revoked_token::refresh_token, revoked_token::access_token};
    const auto both = tether::auth::revoke_targets(standard, r);
    REQUIRE(both.size() == 2);
    CHECK(both[0].kind == revoked_token::refresh_token);
    CHECK(both[1].token == access_value);

    standard.tokens = {revoked_token::refresh_token};
    r.refresh_token.clear();
    const auto without_refresh = tether::auth::revoke_targets(standard, r);
    REQUIRE(without_refresh.size() == 1);
    CHECK(without_refresh[0].kind == revoked_token::access_token);
}

TEST_CASE("rfc7009 revocation posts the refresh token with its hint, the client authenticated as for tokens") {
    engine_harness h(rfc7009_manifest("client_secret_post", "[refresh_token]"));
    h.seed_tokens("conn-1", access_value, refresh_value);
    auto c = h.open();
    h.http().respond(200, "").expect("POST", "/2.0/revoke");
    const auto o = c->revoke();
    INFO(h.http().summary());
    CHECK(o.code == status::ok);
    REQUIRE(h.http().count() == 1);
    const auto sent = h.http().request(0);
    CHECK(sent.form("token") == refresh_value);
    CHECK(sent.form("token_type_hint") == "refresh_token");
    CHECK(sent.form("client_id") == engine_harness::client_id);
    CHECK(sent.form("client_secret") == engine_harness::client_secret);
    CHECK_FALSE(sent.has_header("Authorization"));
    CHECK(state_of(h.host()) == "unauthorized");
    h.check_no_secret_leaked({}, {o});
}

TEST_CASE("rfc7009 revocation of both tokens sends one request per token, basic client authentication") {
    engine_harness h(rfc7009_manifest("client_secret_basic", "[refresh_token, access_token]"));
    h.seed_tokens("conn-1", access_value, refresh_value);
    auto c = h.open();
    h.http().respond(200, "").expect("POST", "/2.0/revoke");
    h.http().respond(200, "").expect("POST", "/2.0/revoke");
    CHECK(c->revoke().code == status::ok);
    INFO(h.http().summary());
    REQUIRE(h.http().count() == 2);
    CHECK(h.http().request(0).form("token") == refresh_value);
    CHECK(h.http().request(1).form("token") == access_value);
    CHECK(h.http().request(1).form("token_type_hint") == "access_token");
    CHECK_THAT(h.http().request(1).header("Authorization"), Catch::StartsWith("Basic "));
    CHECK_FALSE(h.http().request(1).has_form("client_secret"));
}

TEST_CASE("rfc7009 revocation the server refuses (401 invalid_client) is reported and the tokens are kept") {
    engine_harness h(rfc7009_manifest("client_secret_post", "[refresh_token]"));
    h.seed_tokens("conn-1", access_value, refresh_value);
    auto c = h.open();
    h.http().respond(401, R"({"error":"invalid_client"})").expect("POST", "/2.0/revoke");
    const auto o = c->revoke();
    CHECK(o.code == status::bad_request);
    CHECK(o.reason == "revoke_rejected");
    CHECK(o.http_status == 401);
    CHECK(h.http().count() == 1);
    CHECK(state_of(h.host()) == "authorized");
}

TEST_CASE("rfc7009 revocation during an outage is transient and keeps the tokens for a retry") {
    engine_harness h(rfc7009_manifest("client_secret_post", "[refresh_token]"));
    h.seed_tokens("conn-1", access_value, refresh_value);
    auto c = h.open();
    h.http().respond(503, R"({"error":"temporarily_unavailable"})");
    const auto o = c->revoke();
    CHECK(o.code == status::transient);
    CHECK(o.reason == "revoke_failed");
    CHECK(state_of(h.host()) == "authorized");
}

TEST_CASE("bearer revoke the provider refuses with 401 is never a success: refreshed once, then reported") {
    engine_harness h;
    h.seed_tokens("conn-1", access_value, refresh_value);
    auto c = h.open();
    h.http().respond(smartsheet_error(401, 1002, "Invalid token")).expect("DELETE", "/2.0/token");
    h.http()
        .respond(200, token_grant("revoke-access-token-fresh-7d2a", "revoke-refresh-token-fresh-3c9e", 604799))
        .expect("POST", "/2.0/token");
    h.http().respond(smartsheet_error(401, 1002, "Invalid token")).expect("DELETE", "/2.0/token");
    const auto o = c->revoke();
    INFO(h.http().summary());
    CHECK(o.code == status::bad_request);
    CHECK(o.reason == "revoke_rejected");
    CHECK(o.http_status == 401);
    CHECK(h.http().done());
    CHECK(h.http().request(2).bearer() == "revoke-access-token-fresh-7d2a");
    CHECK(state_of(h.host()) == "authorized");
}

TEST_CASE("bearer revoke answered 401 whose grant the token endpoint declares dead is done: nothing is alive") {
    engine_harness h;
    h.seed_tokens("conn-1", access_value, refresh_value);
    auto c = h.open();
    h.http().respond(smartsheet_error(401, 1002, "Invalid token")).expect("DELETE", "/2.0/token");
    h.http().respond(smartsheet_error(401, 1132, "Revoked", "invalid_grant")).expect("POST", "/2.0/token");
    const auto o = c->revoke();
    INFO(h.http().summary());
    CHECK(o.code == status::ok);
    CHECK(h.http().done());
    CHECK(state_of(h.host()) == "unauthorized");
}

TEST_CASE("bearer revoke with an expired access token refreshes it and revokes the fresh grant") {
    engine_fixture f;
    f.emulator.set_admin_lifetime(60);
    const auto pair = f.seed_tokens();
    auto c = f.open();
    f.emulator.advance_clock(120s);
    const auto o = c->revoke();
    CHECK(o.code == status::ok);
    CHECK(f.token_requests() == 1);
    CHECK(f.emulator.count("DELETE /2.0/token") == 2);
    CHECK(f.emulator.live_tokens().empty());
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "unauthorized");
}

TEST_CASE("bearer revoke of every token of the app sends deleteAllForApiClient to the emulator") {
    engine_fixture f;
    const auto mine = f.seed_tokens();
    const auto other = f.emulator.issue_tokens(engine_fixture::user, {"READ_SHEETS"});
    auto c = f.open();
    CHECK(c->revoke(true).code == status::ok);
    CHECK_FALSE(f.emulator.is_live(mine.refresh_token));
    CHECK_FALSE(f.emulator.is_live(other.refresh_token));
}
