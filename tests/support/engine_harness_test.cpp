// The engine harness: a connector on the Smartsheet manifest or on a manifest given as text, connections
// opened with scripted settings, and seeded records the engine reads as its own.
#include "tests/support/engine_harness.hpp"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>
#include <stdexcept>

using namespace tether_test;
using tether::status;

namespace {

std::string smartsheet_text() {
    std::ifstream in(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

tether::call_request users_me() {
    tether::call_request r;
    r.operation = "users.me";
    return r;
}

}  // namespace

TEST_CASE("a seeded connection calls with its stored bearer on the scripted base URL") {
    engine_harness h;
    h.seed_tokens("conn-7", "seeded-access-token-4f2e1d", "seeded-refresh-token-9c8b7a", 3600, {"READ_SHEETS"});
    const auto record = h.host().record("conn-7");
    CHECK(record.at("issued_at_ms").as_int64() == fake_host::start_ms);
    CHECK(record.at("declared_lifetime_s").as_int64() == 3600);
    CHECK(record.at("scopes").as_array().size() == 1);

    auto c = h.open("conn-7");
    h.http().respond(200, R"({"id":1})").expect("GET", "/2.0/users/me");
    const auto o = c->call(users_me());
    CHECK(o.code == status::ok);
    INFO(h.http().summary());
    CHECK(h.http().done());
    CHECK(h.http().request(0).url == std::string(engine_harness::base_url) + "/users/me");
    CHECK(h.http().request(0).bearer() == "seeded-access-token-4f2e1d");
    h.check_no_secret_leaked({}, {o});
}

TEST_CASE("a harness on a manifest given as text: the same API with client_secret_post authentication") {
    std::string text = smartsheet_text();
    const auto at = text.find("client_auth: smartsheet_hash");
    REQUIRE(at != std::string::npos);
    text.replace(at, std::string("client_auth: smartsheet_hash").size(), "client_auth: client_secret_post");
    engine_harness h(text);
    h.seed_tokens("conn-1", "text-access-token-1a2b3c", "text-refresh-token-4d5e6f");
    auto c = h.open();
    h.http().respond(200, token_grant("text-new-access-7a8b9c", "text-new-refresh-0d1e2f", 604799));

    const auto o = c->refresh(true);

    CHECK(o.code == status::ok);
    INFO(h.http().summary());
    CHECK(h.http().done());
    const auto grant = h.http().request(0);
    CHECK(grant.form("client_secret") == engine_harness::client_secret);
    CHECK_FALSE(grant.has_form("hash"));
    h.check_no_secret_leaked({"text-new-access-7a8b9c", "text-new-refresh-0d1e2f"}, {o});
}

TEST_CASE("an invalid manifest text or unresolvable settings are reported, not opened") {
    CHECK_THROWS_WITH(engine_harness("format_version: 1\n"), Catch::Contains("the test's manifest is invalid"));
    engine_harness h;
    auto settings = h.settings();
    settings["region"] = "mars";
    CHECK_THROWS_WITH(h.open("conn-1", settings), Catch::Contains("region"));
}
