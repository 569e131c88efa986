// The pure decisions of the OAuth lifecycle, by table: the stored record, refresh timing, lifetime
// learning, clock skew, client authentication and the authorization URL/callback.
#include <catch2/catch.hpp>

#include "plugin/auth/authorization.hpp"
#include "plugin/auth/client_auth.hpp"
#include "plugin/auth/lifetime_lessons.hpp"
#include "plugin/http/clock_skew.hpp"
#include "plugin/auth/refresh_schedule.hpp"
#include "plugin/record/token_record.hpp"
#include "plugin/auth/token_response.hpp"

using namespace tether::auth;
using namespace tether::record;
using tether::http::clock_skew;
using tether::http::skew_from_date;

TEST_CASE("a token record survives a round trip through JSON") {
    token_record r;
    r.state = connection_state::reconnect_required;
    r.access_token = "access-abcdef123456";
    r.refresh_token = "refresh-abcdef654321";
    r.issued_at_ms = 1'700'000'000'000;
    r.declared_lifetime_s = 604799;
    r.learned_lifetime_ms = 3'600'000;
    r.scopes = {"READ_SHEETS", "WRITE_SHEETS"};
    r.user_id = "1001";
    r.reconnect_reason = "revoked";
    r.reconnect_detail = "the grant was revoked";
    r.reconnect_since_ms = 1'700'000'100'000;
    r.refresh_failures = 3;
    r.refresh_blocked_until_ms = 1'700'000'200'000;
    r.last_refresh_lost_in_transit = true;
    r.pending = pending_authorization{"state-1", "verifier-1", "https://host/cb", 42};

    const auto parsed = parse_token_record(serialize_token_record(r));
    REQUIRE(std::holds_alternative<token_record>(parsed));
    const auto& back = std::get<token_record>(parsed);
    CHECK(back.state == r.state);
    CHECK(back.access_token == r.access_token);
    CHECK(back.refresh_token == r.refresh_token);
    CHECK(back.issued_at_ms == r.issued_at_ms);
    CHECK(back.learned_lifetime_ms == r.learned_lifetime_ms);
    CHECK(back.scopes == r.scopes);
    CHECK(back.reconnect_reason == "revoked");
    CHECK(back.refresh_failures == 3);
    CHECK(back.last_refresh_lost_in_transit);
    REQUIRE(back.pending);
    CHECK(back.pending->code_verifier == "verifier-1");
}

TEST_CASE("a damaged record is reported with what is wrong, never with its secrets") {
    const std::pair<const char*, const char*> cases[] = {
        {"not json", "not valid JSON"},
        {"[1,2]", "not a JSON object"},
        {R"({"schema":2})", "schema 2"},
        {R"({"schema":1,"state":"sleepy"})", "'state'"},
        {R"({"schema":1,"state":"authorized","access_token":7})", "'access_token'"},
        {R"({"schema":1,"state":"authorized"})", "no access_token"},
        {R"({"schema":1,"issued_at_ms":"yesterday","access_token":"secret-token-value"})", "'issued_at_ms'"},
        {R"({"schema":1,"scopes":[1]})", "'scopes'"},
        {R"({"schema":1,"pending":{"state":5}})", "pending authorization"},
    };
    for (const auto& [text, expected] : cases) {
        INFO(text);
        const auto parsed = parse_token_record(text);
        REQUIRE(std::holds_alternative<std::string>(parsed));
        CHECK_THAT(std::get<std::string>(parsed), Catch::Contains(expected));
        CHECK_THAT(std::get<std::string>(parsed), !Catch::Contains("secret-token-value"));
    }
}

TEST_CASE("the effective lifetime is the shorter of declared and learned") {
    token_record r;
    CHECK_FALSE(effective_lifetime_ms(r));
    r.declared_lifetime_s = 100;
    CHECK(effective_lifetime_ms(r) == 100'000);
    r.learned_lifetime_ms = 40'000;
    CHECK(effective_lifetime_ms(r) == 40'000);
    r.learned_lifetime_ms = 400'000;
    CHECK(effective_lifetime_ms(r) == 100'000);
    r.declared_lifetime_s = 0;
    CHECK(effective_lifetime_ms(r) == 400'000);
}

TEST_CASE("a refresh is planned at the proactive fraction of the effective lifetime, jittered per connection") {
    tether::manifest::refresh_policy policy;  // 0.85 ± 0.05
    token_record r;
    r.issued_at_ms = 1'000'000;
    r.declared_lifetime_s = 1000;
    const auto centre = plan_refresh(r, policy, 0.0);
    CHECK(*centre.refresh_at_ms == 1'000'000 + 850'000);
    CHECK(*centre.expires_at_ms == 2'000'000);
    CHECK(*plan_refresh(r, policy, -1.0).refresh_at_ms == 1'000'000 + 800'000);
    CHECK(*plan_refresh(r, policy, 1.0).refresh_at_ms == 1'000'000 + 900'000);
    CHECK_FALSE(refresh_due(centre, 1'849'999));
    CHECK(refresh_due(centre, 1'850'000));
    CHECK_FALSE(believed_expired(centre, 1'999'999));
    CHECK(believed_expired(centre, 2'000'000));

    r.learned_lifetime_ms = 100'000;  // learned: refresh before *that* age
    CHECK(*plan_refresh(r, policy, 0.0).refresh_at_ms == 1'000'000 + 85'000);

    token_record unknown;  // no lifetime known: only a 401 will tell
    CHECK_FALSE(plan_refresh(unknown, policy, 0.0).refresh_at_ms);
    CHECK_FALSE(refresh_due(plan_refresh(unknown, policy, 0.0), 1LL << 50));

    policy.proactive_at = 0.99;  // kept within [0.5, 0.95] whatever a manifest says
    CHECK(*plan_refresh(r, policy, 1.0).refresh_at_ms == 1'000'000 + 95'000);
}

TEST_CASE("the per-connection jitter is stable and spread over [-1, 1]") {
    CHECK(connection_jitter_unit("conn-1") == connection_jitter_unit("conn-1"));
    double lo = 1, hi = -1;
    for (int i = 0; i < 1000; ++i) {
        const double u = connection_jitter_unit("c" + std::to_string(i));
        REQUIRE(u >= -1.0);
        REQUIRE(u <= 1.0);
        lo = std::min(lo, u);
        hi = std::max(hi, u);
    }
    CHECK(lo < -0.9);
    CHECK(hi > 0.9);
}

TEST_CASE("an early death teaches a conservative lifetime") {
    token_record r;
    r.declared_lifetime_s = 604'800;
    CHECK(died_early(r, 3'600'000));
    CHECK_FALSE(died_early(r, 604'800'000LL * 96 / 100));  // ordinary expiry

    // Seen dead at 2 h, last seen alive at 1 h 50 min: the lifetime is between; lean on the lower bound.
    CHECK(learn_lifetime_ms(std::nullopt, 7'200'000, 6'600'000) == 6'600'000);
    // Idle for long: only the upper bound is known; halve it.
    CHECK(learn_lifetime_ms(std::nullopt, 7'200'000, 0) == 3'600'000);
    CHECK(learn_lifetime_ms(std::nullopt, 7'200'000, std::nullopt) == 3'600'000);
    // Never less than a minute (no refresh storms), never more than an earlier lesson.
    CHECK(learn_lifetime_ms(std::nullopt, 10'000, std::nullopt) == minimum_learned_lifetime_ms);
    CHECK(learn_lifetime_ms(2'000'000, 7'200'000, 6'600'000) == 2'000'000);
}

TEST_CASE("clock skew comes from the Date header, with the provider ahead as a positive offset") {
    // Local time 12:00:00.000; the provider says 12:10:00 → ten minutes ahead (+500 ms midpoint).
    const std::int64_t local = 1'700'000'000'000;  // Tue, 14 Nov 2023 22:13:20 GMT
    CHECK(skew_from_date(local, "Tue, 14 Nov 2023 22:23:20 GMT") == 600'500);
    CHECK(skew_from_date(local, "Tue, 14 Nov 2023 22:03:20 GMT") == -599'500);
    CHECK(skew_from_date(local, "Tue, 14 Nov 2023 22:13:21 GMT") == 0);  // within noise
    CHECK_FALSE(skew_from_date(local, "yesterday"));
    clock_skew skew;
    skew.observe(local, "Tue, 14 Nov 2023 22:23:20 GMT");
    CHECK(skew.provider_now(local + 1000) == local + 1000 + 600'500);
    skew.observe(local, "garbage");  // a bad header keeps the last estimate
    CHECK(skew.offset_ms() == 600'500);
}

TEST_CASE("Smartsheet's hash is SHA-256 of secret|subject in lowercase hex") {
    // echo -n 'secret|code' | sha256sum
    CHECK(smartsheet_hash("secret", "code") == "875ccbea123ce4cf3682ad9f52be303c7a92c2eddf00e24bbeb583c3bf28765a");
    CHECK(smartsheet_hash("s", "x") != smartsheet_hash("s", "y"));
    const auto form = authenticate_token_request(tether::manifest::client_auth_method::smartsheet_hash, "id", "s",
                                                 "rt", {{"grant_type", "refresh_token"}, {"refresh_token", "rt"}});
    CHECK(encode_form(form.fields) ==
          "grant_type=refresh_token&refresh_token=rt&client_id=id&hash=" + smartsheet_hash("s", "rt"));
    CHECK(form.headers.empty());
}

TEST_CASE("client_secret_post and client_secret_basic put the secret where the method says") {
    using tether::manifest::client_auth_method;
    const auto post = authenticate_token_request(client_auth_method::client_secret_post, "id", "p@ss", "c", {});
    CHECK(encode_form(post.fields) == "client_id=id&client_secret=p%40ss");
    const auto basic = authenticate_token_request(client_auth_method::client_secret_basic, "id", "pw", "c", {});
    REQUIRE(basic.headers.size() == 1);
    CHECK(basic.headers[0].second == "Basic " + base64("id:pw"));
    CHECK(basic.fields.empty());
}

TEST_CASE("base64 and the PKCE S256 challenge match their RFC vectors") {
    CHECK(base64("") == "");
    CHECK(base64("f") == "Zg==");
    CHECK(base64("fo") == "Zm8=");
    CHECK(base64("foo") == "Zm9v");
    CHECK(base64("foobar") == "Zm9vYmFy");
    // RFC 7636 appendix B
    CHECK(pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST_CASE("a callback URL gives its code and state, percent-decoded") {
    const auto p = parse_callback_url("https://host/cb?code=ab%2Bc&state=s%20t&expires_in=599#frag");
    REQUIRE(p);
    CHECK(p->code == "ab+c");
    CHECK(p->state == "s t");
    const auto denied = parse_callback_url("https://host/cb?error=access_denied&state=xyz");
    REQUIRE(denied);
    CHECK(denied->error == "access_denied");
    CHECK_FALSE(parse_callback_url("https://host/cb"));
    CHECK_FALSE(parse_callback_url("https://host/cb?foo=bar"));
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
}

TEST_CASE("token responses: what makes a grant and what is garbage") {
    const auto ok = parse_token_response(
        R"({"access_token":"a1","token_type":"bearer","expires_in":604799,"refresh_token":"r1"})");
    REQUIRE(std::holds_alternative<token_grant>(ok));
    CHECK(std::get<token_grant>(ok).expires_in_s == 604799);
    CHECK(std::get<token_grant>(ok).refresh_token == "r1");

    const auto no_refresh = parse_token_response(R"({"access_token":"a1","expires_in":"3600"})");
    REQUIRE(std::holds_alternative<token_grant>(no_refresh));
    CHECK(std::get<token_grant>(no_refresh).refresh_token.empty());
    CHECK(std::get<token_grant>(no_refresh).expires_in_s == 3600);

    for (const char* bad : {"<html>", "[]", R"({"token_type":"bearer"})", R"({"access_token":""})",
                            R"({"access_token":"a","refresh_token":5})", R"({"access_token":"a","expires_in":-3})"}) {
        INFO(bad);
        CHECK(std::holds_alternative<std::string>(parse_token_response(bad)));
    }
}

TEST_CASE("an error on the redirect: the user's no reconnects, the provider's bad minute is transient, a bad "
          "request is the configuration's") {
    using tether::status;
    const struct {
        const char* error;
        status expected;
    } table[] = {
        {"access_denied", status::reconnect_required},
        {"server_error", status::transient},
        {"temporarily_unavailable", status::transient},
        {"invalid_request", status::config_error},
        {"unauthorized_client", status::config_error},
        {"unsupported_response_type", status::config_error},
        {"invalid_scope", status::config_error},
        {"login_required", status::reconnect_required},  // not in RFC 6749: a human must look
    };
    for (const auto& row : table) {
        INFO(row.error);
        callback_params params;
        params.error = row.error;
        params.error_description = "line one\nline two";
        const auto o = callback_error_outcome(params);
        CHECK(o.code == row.expected);
        CHECK(o.reason == row.error);
        CHECK(o.message.find('\n') == std::string::npos);
        CHECK((o.retry_after_ms > 0) == (row.expected == status::transient));
    }
}

TEST_CASE("an error on the redirect becomes a reason of one line and bounded length, whatever the URL carried") {
    callback_params params;
    params.error = "forged\nline: " + std::string(500, 'x');
    const auto o = callback_error_outcome(params);
    CHECK(o.code == tether::status::reconnect_required);
    CHECK(o.reason.size() == 64);
    CHECK(o.reason.find('\n') == std::string::npos);
    CHECK(o.message.find('\n') == std::string::npos);
}

