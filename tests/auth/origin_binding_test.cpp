// A grant goes only to the origins it was issued for: origins as values, the refusal as a table, and the
// engine sending nothing — no call, no refresh, no revoke — when a connection's settings name another origin.
#include <catch2/catch.hpp>

#include <boost/json/object.hpp>

#include "plugin/auth/origin_binding.hpp"
#include "plugin/http/url_origin.hpp"
#include "tests/auth/engine_fixture.hpp"
#include "tests/support/authorized_record.hpp"
#include "tests/support/engine_harness.hpp"

using namespace tether::auth;
using tether::http::origin_of;
using tether::record::connection_state;
using tether::record::token_record;
using tether::status;
using tether_test::engine_harness;

TEST_CASE("an origin is scheme, host and port, the default port made explicit") {
    const std::pair<const char*, const char*> rows[] = {
        {"https://api.smartsheet.com/2.0", "https://api.smartsheet.com:443"},
        {"HTTPS://API.Smartsheet.COM:443/2.0/token", "https://api.smartsheet.com:443"},
        {"https://api.smartsheet.eu/2.0", "https://api.smartsheet.eu:443"},
        {"http://127.0.0.1:8080/2.0", "http://127.0.0.1:8080"},
        {"http://localhost/x?y=1#z", "http://localhost:80"},
        {"http://[::1]:9/2.0", "http://[::1]:9"},
        {"https://[::1]/", "https://[::1]:443"},
        {"https://user@evil.example/2.0", "https://evil.example:443"},
        {"", ""},
    };
    for (const auto& [url, origin] : rows) {
        INFO(url);
        CHECK(origin_of(url) == origin);
    }
}

TEST_CASE("a grant may be used only where it was issued") {
    token_record r;
    r.state = connection_state::authorized;
    r.access_token = "access-token-0123456789";
    r.api_origin = "https://api.smartsheet.com:443";
    r.token_origin = "https://api.smartsheet.com:443";
    const bound_origins same{"https://api.smartsheet.com:443", "https://api.smartsheet.com:443",
                             "https://api.smartsheet.com:443"};
    const bound_origins moved{"https://evil.example:443", "https://evil.example:443", "https://evil.example:443"};
    const bound_origins eu{"https://api.smartsheet.eu:443", "https://api.smartsheet.eu:443", ""};
    for (const auto use : {grant_use::api_call, grant_use::refresh, grant_use::revoke}) {
        CHECK_FALSE(origin_refusal(r, same, use, "c"));
        const auto refused = origin_refusal(r, moved, use, "c");
        REQUIRE(refused);
        CHECK(refused->code == status::reconnect_required);
        CHECK(refused->reason == "origin_changed");
        CHECK_THAT(refused->message, Catch::Contains("https://api.smartsheet.com:443") &&
                                         Catch::Contains("https://evil.example:443") &&
                                         !Catch::Contains("access-token"));
    }
    CHECK(origin_refusal(r, eu, grant_use::api_call, "c"));  // another region is another origin

    token_record legacy = r;  // written before grants were bound: bound on its next use
    legacy.api_origin.clear();
    legacy.token_origin.clear();
    CHECK(needs_binding(legacy));
    CHECK_FALSE(origin_refusal(legacy, moved, grant_use::api_call, "c"));
    const auto bound = origins_bound(same)(legacy);
    REQUIRE(bound);
    CHECK(bound->api_origin == same.api);
    CHECK(bound->token_origin == same.token);
    CHECK_FALSE(origins_bound(moved)(*bound));  // bound once, never rebound
}

TEST_CASE("settings that name another origin get origin_changed from call, refresh and revoke, with no request") {
    engine_harness h;
    // A record of a tether that did not bind grants to origins yet.
    h.host().put_record("conn-1", tether_test::authorized_record("access-token-4d1e2f3a4b5c",
                                                                 "refresh-token-9a8b7c6d5e4f", h.host().now(), 604799));
    {
        auto c = h.open("conn-1");
        h.http().respond(200, R"({"id":1001})").expect("GET", "/2.0/users/me");
        tether::call_request me;
        me.operation = "users.me";
        REQUIRE(c->call(me).code == status::ok);  // a record of an earlier tether: bound on this first use
        const auto record = h.host().record("conn-1");
        CHECK(record.at("api_origin").as_string() == "http://127.0.0.1:9");
        CHECK(record.at("token_origin").as_string() == "http://127.0.0.1:9");
    }

    auto settings = h.settings();
    settings["base_url"] = "http://127.0.0.1:10/2.0";  // another port on loopback: another origin
    auto moved = h.open("conn-1", settings);
    tether::call_request me;
    me.operation = "users.me";
    const auto call = moved->call(me);
    CHECK(call.code == status::reconnect_required);
    CHECK(call.reason == "origin_changed");
    CHECK_THAT(call.message, Catch::Contains("http://127.0.0.1:9") && Catch::Contains("http://127.0.0.1:10"));
    const auto refresh = moved->refresh(true);
    CHECK(refresh.reason == "origin_changed");
    const auto revoke = moved->revoke();
    CHECK(revoke.reason == "origin_changed");
    CHECK(h.http().count() == 1);  // only the first call, to the grant's own origin
    CHECK(h.host().record("conn-1").at("state").as_string() == "authorized");  // nothing judged or cleared
    h.check_no_secret_leaked({"access-token-4d1e2f3a4b5c", "refresh-token-9a8b7c6d5e4f"}, {call, refresh, revoke});
}

TEST_CASE("a grant authorized at one server never reaches another server that the settings name later") {
    tether_test::engine_fixture f;
    auto c = f.open();
    REQUIRE(tether_test::authorize_in_browser(*c).code == status::ok);
    tether::emulator::smartsheet_emulator elsewhere;  // a server the grant was not issued by

    auto settings = boost::json::parse(f.settings_json()).as_object();
    settings["base_url"] = elsewhere.api_base();
    auto resolved = tether::manifest::resolve_settings(f.connector->manifest(), settings);
    tether::connection moved(*f.connector, "conn-1", std::get<tether::manifest::resolved_settings>(resolved));
    f.emulator.advance_clock(std::chrono::hours(24 * 8));  // expired too: a refresh would be due
    const auto o = moved.call(tether_test::call_of("users.me"));
    CHECK(o.code == status::reconnect_required);
    CHECK(o.reason == "origin_changed");
    CHECK(moved.revoke(true).reason == "origin_changed");
    CHECK(elsewhere.request_log().empty());  // neither the bearer, the refresh token nor the hash went there
    CHECK(f.token_requests() == 0);
}
