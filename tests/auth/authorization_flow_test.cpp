// Authorization against the emulator: begin → the provider's redirect → complete; denial, state checks,
// bad client credentials, and API access tokens.
#include <catch2/catch.hpp>

#include <fstream>

#include "plugin/auth/authorization.hpp"

#include "tests/auth/engine_fixture.hpp"

using namespace tether_test;
using tether::status;

TEST_CASE("authorize: begin, the provider's redirect, complete with the callback URL") {
    engine_fixture f;
    auto c = f.open();
    const auto begun = c->authorize_begin();
    REQUIRE(begun.code == status::ok);
    const std::string url = authorize_url_of(begun);
    CHECK_THAT(url, Catch::StartsWith(f.emulator.authorize_url() + "?response_type=code&client_id="));
    CHECK_THAT(url, Catch::Contains("scope=READ_SHEETS%20WRITE_SHEETS%20ADMIN_WEBHOOKS"));
    CHECK(f.host_ref->record("conn-1").at("pending").at("state").as_string() ==
          boost::json::parse(begun.body).at("state").as_string());

    const std::string callback = visit(url);
    REQUIRE_THAT(callback, Catch::StartsWith(f.emulator.options().redirect_uri + "?code="));
    const auto done = c->authorize_complete({callback, "", ""});
    REQUIRE(done.code == status::ok);

    const auto record = f.host_ref->record("conn-1");
    CHECK(record.at("state").as_string() == "authorized");
    CHECK(f.emulator.is_live(std::string(record.at("access_token").as_string())));
    CHECK(f.emulator.is_live(std::string(record.at("refresh_token").as_string())));
    CHECK(record.at("declared_lifetime_s").as_int64() == 604799);
    CHECK(record.at("user_id").as_string() == "1001");  // from the users.me probe
    CHECK(record.as_object().if_contains("pending") == nullptr);
    CHECK(f.token_requests("authorization_code") == 1);

    // The connection works at once, without another token request.
    CHECK(c->call(call_of("users.me")).code == status::ok);
    CHECK(f.token_requests("refresh_token") == 0);
}

TEST_CASE("authorize: complete with code and state") {
    engine_fixture f;
    auto c = f.open();
    const auto begun = c->authorize_begin();
    const std::string callback = visit(authorize_url_of(begun));
    auto params = tether::auth::parse_callback_url(callback);
    REQUIRE(params);
    CHECK(c->authorize_complete({"", params->code, params->state}).code == status::ok);
}

TEST_CASE("authorize: a user who denies access gets a clear reconnect reason") {
    engine_fixture f;
    f.emulator.deny_next_authorize();
    auto c = f.open();
    const std::string callback = visit(authorize_url_of(c->authorize_begin()));
    CHECK_THAT(callback, Catch::Contains("error=access_denied"));
    const auto done = c->authorize_complete({callback, "", ""});
    CHECK(done.code == status::reconnect_required);
    CHECK(done.reason == "access_denied");
    CHECK(f.token_requests("authorization_code") == 0);
}

TEST_CASE("authorize: a state that was never issued is refused before any token request") {
    engine_fixture f;
    auto c = f.open();
    const auto begun = c->authorize_begin();
    const std::string callback = visit(authorize_url_of(begun));
    auto params = tether::auth::parse_callback_url(callback);
    REQUIRE(params);
    const auto done = c->authorize_complete({"", params->code, params->state + "x"});
    CHECK(done.code == status::reconnect_required);
    CHECK(done.reason == "state_mismatch");
    CHECK(f.token_requests("authorization_code") == 0);
}

TEST_CASE("authorize: a pending authorization goes stale after 15 minutes") {
    engine_fixture f;
    auto c = f.open();
    const std::string callback = visit(authorize_url_of(c->authorize_begin()));
    f.emulator.advance_clock(std::chrono::minutes(16));
    const auto done = c->authorize_complete({callback, "", ""});
    CHECK(done.code == status::reconnect_required);
    CHECK(done.reason == "authorization_expired");
}

TEST_CASE("authorize: a wrong client secret is a config error, not a reconnect") {
    engine_fixture f;
    auto resolved = tether::manifest::resolve_settings(
        f.connector->manifest(),
        [&] {
            auto s = boost::json::parse(f.settings_json()).as_object();
            s["client_secret"] = "not-the-secret";
            return s;
        }());
    tether::connection c(*f.connector, "conn-1", std::get<tether::manifest::resolved_settings>(resolved));
    const std::string callback = visit(authorize_url_of(c.authorize_begin()));
    const auto done = c.authorize_complete({callback, "", ""});
    CHECK(done.code == status::config_error);
    CHECK(done.http_status >= 400);
    CHECK(done.provider_code != 0);
}

TEST_CASE("an API access token that the provider rejects needs reconnecting (api_token_invalid)") {
    engine_fixture f;
    auto loaded = tether::manifest::load_manifest_file(std::string(TETHER_SOURCE_DIR) +
                                                       "/tests/auth/fixtures/smartsheet_api_token.yaml");
    for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(tether::manifest::to_string(d));
    REQUIRE(loaded.manifest);
    tether::connector api_connector(loaded.manifest, std::make_unique<test_host>(f.emulator),
                                    tether::http::make_curl_client());
    boost::json::object settings;
    settings["base_url"] = f.emulator.api_base();
    auto resolved = tether::manifest::resolve_settings(*loaded.manifest, settings);
    REQUIRE(std::holds_alternative<tether::manifest::resolved_settings>(resolved));
    tether::connection c(api_connector, "api-1", std::get<tether::manifest::resolved_settings>(resolved));

    CHECK(c.call(call_of("users.me")).reason == "not_authorized");
    const auto pair = f.emulator.issue_tokens(engine_fixture::user, {"READ_SHEETS"});
    REQUIRE(c.authorize_with_token(pair.access_token).code == status::ok);
    CHECK(c.call(call_of("users.me")).code == status::ok);
    CHECK(c.refresh(true).code == status::ok);  // nothing to refresh, nothing sent

    f.emulator.revoke_token(pair.access_token);
    const auto rejected = c.call(call_of("users.me"));
    CHECK(rejected.code == status::reconnect_required);
    CHECK(rejected.reason == "api_token_invalid");
    CHECK(f.emulator.count("POST /2.0/token") == 0);
    CHECK(c.authorize_begin().code == status::config_error);  // no OAuth for this connector
}

TEST_CASE("an operation that needs a scope the connection was not granted asks for re-authorization") {
    engine_fixture f;
    f.seed_tokens("conn-1", {"READ_SHEETS"});
    auto c = f.open();
    tether::call_request add = call_of("rows.add", R"({"sheetId":2001})");
    add.body = R"([{"cells":[{"columnId":1,"value":"x"}]}])";
    add.has_body = true;
    const auto o = c->call(add);
    CHECK(o.code == status::reconnect_required);
    CHECK(o.reason == "scope_missing");
    CHECK_THAT(o.message, Catch::Contains("WRITE_SHEETS"));
    CHECK(f.emulator.count("POST /2.0/sheets/{sheetId}/rows") == 0);
    CHECK(c->call(call_of("sheets.get", R"({"sheetId":2001})")).code == status::ok);
}
