// Every request tether sends names it: "tether/<version> (+<connector>)", plus the manifest's suffix.
#include "plugin/http/user_agent.hpp"

#include <catch2/catch.hpp>

#include "tests/auth/engine_fixture.hpp"
#include "tests/support/engine_harness.hpp"

using namespace tether_test;
using tether::status;

TEST_CASE("the User-Agent names tether's version and the connector, then the manifest's suffix") {
    CHECK(tether::http::user_agent("smartsheet", "") == "tether/" TETHER_TEST_VERSION " (+smartsheet)");
    CHECK(tether::http::user_agent("acme", "acme-sync/2.1") == "tether/" TETHER_TEST_VERSION " (+acme) acme-sync/2.1");
}

TEST_CASE("every request to the emulator carries the User-Agent: calls, refresh, revoke") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    tether::call_request me;
    me.operation = "users.me";
    REQUIRE(c->call(me).code == status::ok);
    REQUIRE(c->refresh(true).code == status::ok);
    REQUIRE(c->revoke().code == status::ok);
    const auto log = f.emulator.request_log();
    REQUIRE(log.size() == 3);
    for (const auto& entry : log) {
        INFO(entry.method << " " << entry.path);
        CHECK(entry.header("User-Agent") == "tether/" TETHER_TEST_VERSION " (+smartsheet)");
    }
    // The log shows a credential by its last characters only.
    CHECK(log.front().header("Authorization") == "Bearer …" + log.front().bearer_suffix);
}

TEST_CASE("a manifest's user_agent_suffix is appended, and a request's own User-Agent is replaced") {
    std::string manifest = R"(format_version: 1
connector: {name: acme, display_name: Acme, version: 1.0.0, user_agent_suffix: acme-sync/2.1}
settings:
  token: {type: string, secret: true}
  base_url: {type: url}
servers:
  overrides: {api_base: base_url}
  regions:
    main: {api_base: "https://api.example.com/v1"}
auth:
  type: api_token
  credentials: {api_token: token}
  probe: {operation: me}
operations:
  me:
    method: GET
    path: /me
    params:
      User-Agent: {in: header, type: string}
)";
    engine_harness h(manifest);
    auto c = h.open("conn-1", {{"base_url", engine_harness::base_url}, {"token", "acme-api-token-5d2c1b"}});
    h.http().respond(200, "{}");
    tether::call_request me;
    me.operation = "me";
    me.params_json = R"({"User-Agent":"spoofed"})";
    CHECK(c->call(me).code == status::ok);
    REQUIRE(h.http().count() == 1);
    const auto sent = h.http().request(0);
    CHECK(sent.header("User-Agent") == "tether/" TETHER_TEST_VERSION " (+acme) acme-sync/2.1");
    std::size_t agents = 0;
    for (const auto& header : sent.headers) agents += header.name == "User-Agent" ? 1 : 0;
    CHECK(agents == 1);
}
