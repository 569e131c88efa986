// The standard details of OAuth 2.0 token handling: client authentication encodings, PKCE for public clients,
// an error in a 200, optional rotation, a missing expires_in, token_type in any case, and a narrowed scope.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <catch2/catch.hpp>

#include "plugin/auth/authorization.hpp"
#include "plugin/auth/client_auth.hpp"
#include "plugin/auth/token_response.hpp"
#include "tests/support/engine_harness.hpp"

using namespace tether_test;
using namespace tether::auth;
using tether::status;
using tether::manifest::client_auth_method;

namespace {

const std::string access_value = "details-access-token-1f4e7a2c9b3d";
const std::string refresh_value = "details-refresh-token-6c0b8d5e2a7f";

// A generic provider with `client_auth` (and PKCE when public), offline scopes, and `refresh` settings.
std::string generic_manifest(const std::string& client_auth, const std::string& refresh_policy = "{}") {
    const bool public_client = client_auth == "none";
    return R"(format_version: 1
connector: {name: generic, display_name: Generic, version: 1.0.0}
settings:
  client_id: {type: string, required: true}
  client_secret: {type: string, secret: true}
  redirect_uri: {type: url}
  base_url: {type: url}
  scopes: {type: string_list, default: [read, write]}
servers:
  overrides: {api_base: base_url}
  regions:
    main: {api_base: "https://api.example.com/v1", authorize_url: "https://id.example.com/authorize"}
auth:
  type: oauth2
  token_url: /token
  client_auth: )" +
           client_auth + R"(
  pkce: )" +
           (public_client ? "true" : "false") + R"(
  credentials: {client_id: client_id, )" +
           (public_client ? "" : "client_secret: client_secret, ") +
           R"(redirect_uri: redirect_uri}
  scopes: {setting: scopes}
  refresh: )" +
           refresh_policy + R"(
  probe: {operation: me}
errors:
  body: {oauth_error: /error}
operations:
  me: {method: GET, path: /me}
  items.write: {method: POST, path: /items, required_scopes: [write]}
)";
}

boost::json::object settings_without_secret(const engine_harness& h) {
    auto s = h.settings();
    s.erase("client_secret");
    return s;
}

std::string stored(const engine_harness& h, const char* field) {
    const auto record = h.host().record("conn-1");
    const auto* v = record.as_object().if_contains(field);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

TEST_CASE("client_secret_basic form-encodes id and secret before base64 (RFC 6749 §2.3.1)") {
    const auto basic = authenticate_token_request(client_auth_method::client_secret_basic, "app:1 x", "s/é+%", "c", {});
    REQUIRE(basic.headers.size() == 1);
    CHECK(basic.headers[0].first == "Authorization");
    CHECK(basic.headers[0].second == "Basic " + base64("app%3A1%20x:s%2F%C3%A9%2B%25"));
    CHECK(basic.fields.empty());
}

TEST_CASE("client_secret_post sends id and secret in the form, none sends the id alone") {
    const auto post = authenticate_token_request(client_auth_method::client_secret_post, "app", "sec", "c",
                                                 {{"grant_type", "refresh_token"}});
    CHECK(encode_form(post.fields) == "grant_type=refresh_token&client_id=app&client_secret=sec");
    CHECK(post.headers.empty());
    const auto none = authenticate_token_request(client_auth_method::none, "app", "", "c", {});
    CHECK(encode_form(none.fields) == "client_id=app");
    CHECK(none.headers.empty());
}

TEST_CASE("token_type is compared case-insensitively, and only bearer tokens are accepted") {
    for (const char* type : {"bearer", "Bearer", "BEARER"}) {
        INFO(type);
        CHECK(std::holds_alternative<tether::auth::token_grant>(
            parse_token_response(std::string(R"({"access_token":"a","token_type":")") + type + "\"}")));
    }
    CHECK(std::holds_alternative<std::string>(parse_token_response(R"({"access_token":"a","token_type":"mac"})")));
    CHECK(std::holds_alternative<tether::auth::token_grant>(parse_token_response(R"({"access_token":"a"})")));
}

TEST_CASE("an OAuth error in a token response is recognised whatever its status") {
    CHECK(carries_oauth_error(R"({"error":"invalid_grant","error_description":"revoked"})"));
    CHECK_FALSE(carries_oauth_error(R"({"access_token":"a","token_type":"bearer"})"));
    CHECK_FALSE(carries_oauth_error(R"({"error":""})"));
    CHECK_FALSE(carries_oauth_error("not json"));
}

TEST_CASE("scopes not granted are those requested that the grant lacks, in request order") {
    CHECK(scopes_not_granted({"read", "write", "admin"}, {"read"}) == std::vector<std::string>{"write", "admin"});
    CHECK(scopes_not_granted({"read"}, {"read", "extra"}).empty());
}

TEST_CASE("a public client authorizes with PKCE S256 and sends its verifier, never a secret") {
    engine_harness h(generic_manifest("none"));
    auto c = h.open("conn-1", settings_without_secret(h));
    const auto begun = c->authorize_begin();
    REQUIRE(begun.code == status::ok);
    const auto body = boost::json::parse(begun.body).as_object();
    const std::string url(body.at("authorize_url").as_string());
    CHECK_THAT(url, Catch::Contains("code_challenge_method=S256"));
    const std::string state(body.at("state").as_string());

    h.http().respond(200, tether_test::token_grant(access_value, refresh_value, 3600)).expect("POST", "/2.0/token");
    h.http().respond(200, R"({"id":"u1"})");
    tether::authorize_params params;
    params.code = "code-1";
    params.state = state;
    CHECK(c->authorize_complete(params).code == status::ok);
    INFO(h.http().summary());
    const auto exchange = h.http().request(0);
    CHECK(exchange.form("client_id") == engine_harness::client_id);
    CHECK_FALSE(exchange.has_form("client_secret"));
    CHECK_FALSE(exchange.has_header("Authorization"));
    const std::string verifier = exchange.form("code_verifier");
    REQUIRE_FALSE(verifier.empty());
    CHECK_THAT(url, Catch::Contains("code_challenge=" + pkce_challenge(verifier)));
}

TEST_CASE("an error JSON in a 200 token response is the error it says, not a grant or an outage") {
    engine_harness h(generic_manifest("client_secret_post"));
    h.seed_tokens("conn-1", access_value, refresh_value);
    auto c = h.open();
    h.http().respond(200, R"({"error":"invalid_grant","error_description":"grant revoked"})");
    const auto o = c->refresh(true);
    CHECK(o.code == status::reconnect_required);
    CHECK(o.reason == "invalid_grant");
    CHECK(o.http_status == 200);
    CHECK(stored(h, "state") == "reconnect_required");
}

TEST_CASE("a server that does not rotate keeps the old refresh token when the manifest says so") {
    engine_harness h(generic_manifest("client_secret_post", "{rotates_refresh_token: false}"));
    h.seed_tokens("conn-1", access_value, refresh_value);
    auto c = h.open();
    h.http().respond(200, R"({"access_token":"details-access-token-2nd-8a1b","token_type":"Bearer","expires_in":60})");
    REQUIRE(c->refresh(true).code == status::ok);
    CHECK(stored(h, "access_token") == "details-access-token-2nd-8a1b");
    CHECK(stored(h, "refresh_token") == refresh_value);
}

TEST_CASE("a token response without expires_in is planned on the manifest's default lifetime") {
    engine_harness h(generic_manifest("client_secret_basic", "{default_expires_in: 1800}"));
    h.seed_tokens("conn-1", access_value, refresh_value);
    auto c = h.open();
    h.http().respond(200, R"({"access_token":"details-access-token-3rd-9c2d","token_type":"bearer",)"
                          R"("refresh_token":"details-refresh-token-3rd-4e5f"})");
    REQUIRE(c->refresh(true).code == status::ok);
    CHECK(h.host().record("conn-1").at("declared_lifetime_s").as_int64() == 1800);
}

TEST_CASE("a narrower scope in the token response is recorded and shown by health") {
    engine_harness h(generic_manifest("client_secret_post"));
    h.seed_tokens("conn-1", access_value, refresh_value, 3600, {"read", "write"});
    auto c = h.open();
    h.http().respond(200, R"({"access_token":"details-access-token-4th-0a3b","token_type":"bearer",)"
                          R"("refresh_token":"details-refresh-token-4th-7d6c","expires_in":3600,"scope":"read"})");
    REQUIRE(c->refresh(true).code == status::ok);
    const auto health = c->health(false, false);
    REQUIRE(health.code == status::ok);
    const auto token = boost::json::parse(health.body).at("token").as_object();
    CHECK(boost::json::serialize(token.at("granted_scopes")) == R"(["read"])");
    CHECK(boost::json::serialize(token.at("missing_scopes")) == R"(["write"])");
}
