// The exact requests a call makes, through the public engine API on the Smartsheet manifest, with a scripted
// transport instead of a server: proactive and reactive refresh, no refresh loop, forbidden, rate limiting,
// a dead grant, and answers that must not pass for success or be retried (not JSON, past a cap, redirects).
#include <catch2/catch.hpp>
#include <future>
#include <string>
#include <vector>

#include "emulator/request_hash.hpp"
#include "tests/support/engine_harness.hpp"

using namespace tether_test;
using tether::status;

namespace {

constexpr std::int64_t lifetime_s = 604799;  // Smartsheet's declared access token lifetime
const std::string old_access = "old-access-token-5b1e0c9d2a7f";
const std::string old_refresh = "old-refresh-token-8e3f6a1b4c0d";
const std::string new_access = "new-access-token-2c7d9e4f1a6b";
const std::string new_refresh = "new-refresh-token-0f5a8b3c6d9e";
const std::vector<std::string> minted{new_access, new_refresh};

const std::string me_body = R"({"id":1001,"email":"ada@example.com","firstName":"Ada"})";

tether::call_request request_of(std::string operation, std::string params_json = "{}") {
    tether::call_request r;
    r.operation = std::move(operation);
    r.params_json = std::move(params_json);
    return r;
}

tether::call_request users_me() {
    return request_of("users.me");
}

std::unique_ptr<tether::connection> seeded_connection(engine_harness& h) {
    h.seed_tokens("conn-1", old_access, old_refresh, lifetime_s);
    return h.open("conn-1");
}

// A refresh grant as Smartsheet wants it: the stored refresh token, authenticated by the hash of the app
// secret and that token — never the secret itself.
void check_refresh_grant(const recorded_request& r, const std::string& refresh_token) {
    CHECK(r.describe() == "POST /2.0/token");
    CHECK(r.form("grant_type") == "refresh_token");
    CHECK(r.form("refresh_token") == refresh_token);
    CHECK(r.form("client_id") == engine_harness::client_id);
    CHECK(r.form("hash") ==
          tether::emulator::detail::expected_token_hash(engine_harness::client_secret, refresh_token));
    CHECK_FALSE(r.has_form("client_secret"));
    CHECK_FALSE(r.has_header("Authorization"));
}

std::string stored(engine_harness& h, const char* field) {
    const auto record = h.host().record("conn-1");
    const auto* value = record.as_object().if_contains(field);
    return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

}  // namespace

TEST_CASE("an expired token is refreshed before the call, without a 401 first, and the new pair is stored") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.host().advance((lifetime_s + 60) * 1000);
    h.http().respond(200, token_grant(new_access, new_refresh, lifetime_s)).expect("POST", "/2.0/token");
    h.http().respond(200, me_body).expect("GET", "/2.0/users/me");

    const auto o = c->call(users_me());

    CHECK(o.code == status::ok);
    CHECK(o.body == me_body);
    INFO(h.http().summary());
    CHECK(h.http().done());
    REQUIRE(h.http().count() == 2);
    check_refresh_grant(h.http().request(0), old_refresh);
    CHECK(h.http().request(1).bearer() == new_access);
    CHECK(stored(h, "state") == "authorized");
    CHECK(stored(h, "access_token") == new_access);
    CHECK(stored(h, "refresh_token") == new_refresh);
    CHECK(h.host().record("conn-1").at("issued_at_ms").as_int64() == h.host().now());
    CHECK(h.host().version("conn-1") == 2);
    h.check_no_secret_leaked(minted, {o});
}

TEST_CASE("a 401 on a fresh-looking token: one refresh, then the call again with the new bearer") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.http().respond(smartsheet_error(401, 1003, "Your Access Token is invalid.")).expect("GET", "/2.0/users/me");
    h.http().respond(200, token_grant(new_access, new_refresh, lifetime_s)).expect("POST", "/2.0/token");
    h.http().respond(200, me_body).expect("GET", "/2.0/users/me");

    const auto o = c->call(users_me());

    CHECK(o.code == status::ok);
    INFO(h.http().summary());
    CHECK(h.http().done());
    REQUIRE(h.http().count() == 3);
    CHECK(h.http().request(0).bearer() == old_access);
    check_refresh_grant(h.http().request(1), old_refresh);
    CHECK(h.http().request(2).bearer() == new_access);
    CHECK(stored(h, "access_token") == new_access);
    h.check_no_secret_leaked(minted, {o});
}

TEST_CASE("a 401 again right after a successful refresh stops the call: three requests, no loop") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.http().respond(smartsheet_error(401, 1003, "Your Access Token is invalid.")).expect("GET", "/2.0/users/me");
    h.http().respond(200, token_grant(new_access, new_refresh, lifetime_s)).expect("POST", "/2.0/token");
    h.http().respond(smartsheet_error(401, 1003, "Your Access Token is invalid.")).expect("GET", "/2.0/users/me");

    const auto o = c->call(users_me());

    CHECK(o.code != status::ok);
    CHECK(o.http_status == 401);
    INFO(h.http().summary());
    CHECK(h.http().done());
    CHECK(h.http().count() == 3);
    CHECK(h.http().unexpected() == 0);
    h.check_no_secret_leaked(minted, {o});
}

TEST_CASE("a 403 (1004) is forbidden at once: one request, no token request") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.http()
        .respond(smartsheet_error(403, 1004, "You are not authorized to perform this action."))
        .expect("GET", "/2.0/sheets/2002");

    const auto o = c->call(request_of("sheets.get", R"({"sheetId":2002})"));

    CHECK(o.code == status::forbidden);
    CHECK(o.resource_kind == "sheet");
    CHECK(o.resource_id == "2002");
    INFO(h.http().summary());
    CHECK(h.http().done());
    CHECK(h.http().sequence() == std::vector<std::string>{"GET /2.0/sheets/2002"});
    CHECK(h.http().request(0).bearer() == old_access);
    CHECK(h.host().version("conn-1") == 1);  // nothing learned, nothing refreshed
    h.check_no_secret_leaked({}, {o});
}

TEST_CASE("a 429 is retried once after a virtual wait of the provider's Retry-After") {
    engine_harness h;
    auto c = seeded_connection(h);
    auto rate_limited = smartsheet_error(429, 4003, "Rate limit exceeded.");
    rate_limited.headers.push_back({"Retry-After", "2"});
    h.http().respond(rate_limited).expect("GET", "/2.0/users/me");
    h.http().respond(200, me_body).expect("GET", "/2.0/users/me");

    const auto o = c->call(users_me());

    CHECK(o.code == status::ok);
    INFO(h.http().summary());
    CHECK(h.http().done());
    REQUIRE(h.http().count() == 2);
    CHECK(h.http().request(1).bearer() == old_access);
    CHECK(h.host().sleeps() == std::vector<std::int64_t>{2'000});
    CHECK(h.host().now() == fake_host::start_ms + 2'000);  // the wait cost virtual time only
    h.check_no_secret_leaked({}, {o});
}

TEST_CASE("a 2xx that is not JSON is retried per backoff with the provider's Retry-After, then succeeds") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.http()
        .respond(200, "<html><body>Down for maintenance</body></html>",
                 {{"Content-Type", "text/html"}, {"Retry-After", "3"}})
        .expect("GET", "/2.0/users/me");
    h.http().respond(200, me_body).expect("GET", "/2.0/users/me");

    const auto o = c->call(users_me());

    CHECK(o.code == status::ok);
    CHECK(o.body == me_body);
    INFO(h.http().summary());
    CHECK(h.http().done());
    CHECK(h.host().sleeps() == std::vector<std::int64_t>{3'000});
    REQUIRE(o.attempts.size() == 2);
    CHECK(o.attempts[0].http_status == 200);
    CHECK(o.attempts[0].action == "retry");
    REQUIRE(o.first_failure);
    CHECK(o.first_failure->http_status == 200);
}

TEST_CASE("a 2xx that is never JSON ends as TRANSIENT unexpected_content_type, never OK, and an empty 204 is OK") {
    engine_harness h;
    auto c = seeded_connection(h);
    const int retries = h.connector().manifest().errors.backoff.max_retries;
    for (int i = 0; i <= retries; ++i)
        h.http().respond(200, "<html/>", {{"Content-Type", "text/html"}}).expect("GET", "/2.0/users/me");

    const auto o = c->call(users_me());

    CHECK(o.code == status::transient);
    CHECK(o.reason == "unexpected_content_type");
    INFO(h.http().summary());
    CHECK(h.http().done());
    CHECK(h.host().sleeps().size() == static_cast<std::size_t>(retries));

    h.http().respond(204).expect("GET", "/2.0/users/me");
    CHECK(c->call(users_me()).code == status::ok);
    CHECK(h.http().done());
}

TEST_CASE("an answer past a cap is not retried: a body is BAD_REQUEST, headers TRANSIENT") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.http().fail(tether::http::transport_error::response_too_large).expect("GET", "/2.0/users/me");
    h.http().fail(tether::http::transport_error::response_headers_too_large).expect("GET", "/2.0/users/me");

    const auto body = c->call(users_me());
    CHECK(body.code == status::bad_request);
    CHECK(body.reason == "response_too_large");
    const auto headers = c->call(users_me());
    CHECK(headers.code == status::transient);
    CHECK(headers.reason == "response_headers_too_large");
    CHECK(headers.retry_after_ms > 0);
    INFO(h.http().summary());
    CHECK(h.http().done());  // exactly one request each
    CHECK(h.host().sleeps().empty());
}

TEST_CASE("a 3xx is CONFIG_ERROR unexpected_redirect at once, from the API and from the token endpoint") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.http().respond(301, "", {{"Location", "https://api.smartsheet.eu/2.0/users/me"}}).expect("GET", "/2.0/users/me");
    const auto api = c->call(users_me());
    CHECK(api.code == status::config_error);
    CHECK(api.reason == "unexpected_redirect");
    CHECK(api.http_status == 301);
    CHECK_THAT(api.message, Catch::Matchers::Contains("https://api.smartsheet.eu/2.0/users/me"));

    h.http().respond(302, "", {{"Location", "https://login.example/token"}}).expect("POST", "/2.0/token");
    const auto refresh = c->refresh(true);
    CHECK(refresh.code == status::config_error);
    CHECK(refresh.reason == "unexpected_redirect");
    CHECK_THAT(refresh.message, Catch::Matchers::Contains("https://login.example/token"));
    INFO(h.http().summary());
    CHECK(h.http().done());
    h.check_no_secret_leaked({}, {api, refresh});
}

TEST_CASE("a refresh answered invalid_grant requires a reconnect, and later calls make no request at all") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.host().advance((lifetime_s + 60) * 1000);
    h.http()
        .respond(smartsheet_error(400, 1071, "Invalid or expired refresh token.", "invalid_grant"))
        .expect("POST", "/2.0/token");

    const auto first = c->call(users_me());
    CHECK(first.code == status::reconnect_required);
    CHECK(first.reason == "invalid_grant");
    INFO(h.http().summary());
    CHECK(h.http().done());
    REQUIRE(h.http().count() == 1);
    check_refresh_grant(h.http().request(0), old_refresh);
    CHECK(stored(h, "state") == "reconnect_required");

    const auto second = c->call(users_me());
    CHECK(second.code == status::reconnect_required);
    CHECK(h.http().count() == 1);
    CHECK(h.http().unexpected() == 0);
    h.check_no_secret_leaked({}, {first, second});
}

TEST_CASE("a call answered with a reconnect rule (401/1005 SSO required) records the verdict: the next call sends nothing") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.http().respond(smartsheet_error(401, 1005, "Single Sign-On is required for this user.")).expect("GET", "/2.0/users/me");

    const auto first = c->call(users_me());
    CHECK(first.code == status::reconnect_required);
    CHECK(first.reason == "sso_required");
    CHECK(stored(h, "state") == "reconnect_required");
    CHECK(stored(h, "reconnect_reason") == "sso_required");

    const auto second = c->call(users_me());
    CHECK(second.code == status::reconnect_required);
    CHECK(second.reason == "sso_required");
    INFO(h.http().summary());
    CHECK(h.http().count() == 1);  // no refresh (a refresh cannot fix it), no second call
    CHECK(h.http().done());
    h.check_no_secret_leaked({}, {first, second});
}

TEST_CASE("one budget covers the whole call: a slow refresh before it leaves only the rest for its retries") {
    engine_harness h;
    auto c = seeded_connection(h);
    h.host().advance((lifetime_s + 60) * 1000);  // expired: the call refreshes first
    auto& token_request =
        h.http().respond(200, token_grant(new_access, new_refresh, lifetime_s)).expect("POST", "/2.0/token").hold();
    auto rate_limited = smartsheet_error(429, 4003, "Rate limit exceeded.");
    rate_limited.headers.push_back({"Retry-After", "2"});
    h.http().respond(rate_limited).expect("GET", "/2.0/users/me");

    auto call = std::async(std::launch::async, [&] { return c->call(users_me()); });
    token_request.wait_until_arrived();
    h.host().advance(59'500);  // the token endpoint takes almost the whole budget to answer
    token_request.open();
    const auto o = call.get();

    CHECK(o.code == status::transient);
    CHECK(o.reason == "rate_limited");  // not retried: the 2 s wait would end past the budget
    INFO(h.http().summary());
    CHECK(h.http().done());
    REQUIRE(h.http().count() == 2);
    CHECK(h.http().request(0).total_timeout_ms <= 60'000);  // the refresh had the call's budget, no more
    CHECK(h.http().request(1).total_timeout_ms <= 1'000);   // the attempt had what was left (at least a second)
    h.check_no_secret_leaked(minted, {o});
}

TEST_CASE("a refresh after a 401 gets only what is left of the call's budget as its timeout") {
    engine_harness h;
    auto c = seeded_connection(h);
    auto rate_limited = smartsheet_error(429, 4003, "Rate limit exceeded.");
    rate_limited.headers.push_back({"Retry-After", "25"});
    h.http().respond(rate_limited).expect("GET", "/2.0/users/me");
    h.http().respond(rate_limited).expect("GET", "/2.0/users/me");
    h.http().respond(smartsheet_error(401, 1003, "Your Access Token has expired.")).expect("GET", "/2.0/users/me");
    h.http().respond(200, token_grant(new_access, new_refresh, lifetime_s)).expect("POST", "/2.0/token");
    h.http().respond(200, me_body).expect("GET", "/2.0/users/me");

    const auto o = c->call(users_me());
    CHECK(o.code == status::ok);
    INFO(h.http().summary());
    REQUIRE(h.http().count() == 5);
    CHECK(h.http().request(3).total_timeout_ms <= 10'000);  // 50 s of the 60 s budget were spent waiting
    CHECK(h.http().request(3).total_timeout_ms >= 9'000);
}
