// The auth units' exact requests and their concurrency, with a scripted transport and a fake host: health and
// calls never wait for a refresh in flight, a failing random source is the host's failure, and a revoke of
// every token of the app says so to the provider.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>
#include <fstream>
#include <future>
#include <sstream>

#include "tests/support/engine_harness.hpp"

using namespace tether_test;
using tether::status;

namespace {

const std::string old_access = "old-access-token-5b1e0c9d2a7f";
const std::string old_refresh = "old-refresh-token-8e3f6a1b4c0d";
const std::string new_access = "new-access-token-2c7d9e4f1a6b";
const std::string new_refresh = "new-refresh-token-0f5a8b3c6d9e";

// Only detects a deadlock: a correct engine answers at once.
constexpr auto deadlock_timeout = std::chrono::seconds(20);

tether::call_request users_me() {
    tether::call_request r;
    r.operation = "users.me";
    return r;
}

std::string smartsheet_manifest_text() {
    std::ifstream in(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("a connection's health never waits for a refresh in flight") {
    engine_harness h;
    h.seed_tokens("conn-1", old_access, old_refresh);
    auto c = h.open("conn-1");
    auto& token_request =
        h.http().respond(200, token_grant(new_access, new_refresh, 604799)).expect("POST", "/2.0/token").hold();

    auto refreshing = std::async(std::launch::async, [&] { return c->refresh(true); });
    token_request.wait_until_arrived();  // the refresh holds its single flight across the token request

    auto health = std::async(std::launch::async, [&] { return c->health(false, false); });
    const bool answered = health.wait_for(deadlock_timeout) == std::future_status::ready;
    token_request.open();
    REQUIRE(answered);
    const auto doc = boost::json::parse(health.get().body).as_object();
    CHECK(doc.at("state").as_string() == "healthy");
    CHECK(refreshing.get().code == status::ok);
    INFO(h.http().summary());
    CHECK(h.http().done());
    h.check_no_secret_leaked({new_access, new_refresh});
}

TEST_CASE("a call with a fresh token never waits for a forced refresh in flight") {
    engine_harness h;
    h.seed_tokens("conn-1", old_access, old_refresh);
    auto c = h.open("conn-1");
    REQUIRE(c->health(false, false).code == status::ok);  // reads the record: the call's fast path is ready
    auto& token_request =
        h.http().respond(200, token_grant(new_access, new_refresh, 604799)).expect("POST", "/2.0/token").hold();
    h.http().respond(200, R"({"id":1001})").expect("GET", "/2.0/users/me");

    auto refreshing = std::async(std::launch::async, [&] { return c->refresh(true); });
    token_request.wait_until_arrived();
    auto call = std::async(std::launch::async, [&] { return c->call(users_me()); });
    const bool answered = call.wait_for(deadlock_timeout) == std::future_status::ready;
    token_request.open();
    REQUIRE(answered);
    CHECK(call.get().code == status::ok);
    CHECK(h.http().request(1).bearer() == old_access);  // still fresh: served while the refresh ran
    CHECK(refreshing.get().code == status::ok);
}

TEST_CASE("a host whose random source fails gets HOST_ERROR from authorize_begin, and nothing is stored") {
    engine_harness h;
    auto c = h.open("conn-1");
    h.host().fail_random(true);
    const auto o = c->authorize_begin();
    CHECK(o.code == status::host_error);
    CHECK(o.reason == "random_source_failed");
    CHECK(h.host().store_calls() == 0);
    CHECK(h.http().count() == 0);
}

TEST_CASE("a refresh that needs a lease owner from a failing random source is HOST_ERROR, with no request") {
    engine_harness h;
    h.host().enable_lease();
    h.seed_tokens("conn-1", old_access, old_refresh);
    auto c = h.open("conn-1");
    h.host().fail_random(true);
    const auto o = c->refresh(true);
    CHECK(o.code == status::host_error);
    CHECK(h.http().count() == 0);
}

TEST_CASE("revoke with every token of the app sends the manifest's all_param, then empties the record") {
    engine_harness h;
    h.seed_tokens("conn-1", old_access, old_refresh);
    auto c = h.open("conn-1");
    h.http().respond(200, "{}").expect("DELETE", "/2.0/token");
    const auto o = c->revoke(true);
    CHECK(o.code == status::ok);
    INFO(h.http().summary());
    REQUIRE(h.http().count() == 1);
    CHECK(h.http().request(0).query("deleteAllForApiClient") == "true");
    CHECK(h.http().request(0).bearer() == old_access);
    CHECK(h.host().record("conn-1").at("state").as_string() == "unauthorized");

    h.seed_tokens("conn-1", new_access, new_refresh);
    h.http().respond(200, "{}").expect("DELETE", "/2.0/token");
    CHECK(c->revoke(false).code == status::ok);
    CHECK_FALSE(h.http().request(1).has_query("deleteAllForApiClient"));
}

TEST_CASE("revoke of every token is refused before any request when the manifest cannot express it") {
    std::string manifest = smartsheet_manifest_text();
    const auto at = manifest.find("all_param:");
    REQUIRE(at != std::string::npos);
    manifest.erase(at, manifest.find('\n', at) - at);
    engine_harness h(manifest);
    h.seed_tokens("conn-1", old_access, old_refresh);
    auto c = h.open("conn-1");
    const auto o = c->revoke(true);
    CHECK(o.code == status::bad_request);
    CHECK(o.reason == "revoke_all_unsupported");
    CHECK(h.http().count() == 0);
    CHECK(h.host().record("conn-1").at("state").as_string() == "authorized");
}
