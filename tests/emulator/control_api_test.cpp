// The /_emulator/ control API, over HTTP as the standalone binary's users drive it.
#include <catch2/catch.hpp>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;
using boost::json::array;
using boost::json::object;

namespace {
http_response control(const smartsheet_emulator& emulator, const std::string& method, const std::string& path,
                      object body = {}) {
    return send_json(method, emulator.base_url() + "/_emulator" + path, body);
}
}  // namespace

TEST_CASE("the control API builds the world: users, sheets, shares, rows, workspaces") {
    smartsheet_emulator emulator;  // an empty world: no demo data
    CHECK(control(emulator, "POST", "/users", {{"id", 1}, {"email", "a@example.com"}}).status == 200);
    CHECK(control(emulator, "POST", "/users", {{"id", 2}, {"email", "b@example.com"}}).status == 200);
    CHECK(control(emulator, "POST", "/sheets", {{"id", 10}, {"name", "Mine"}, {"ownerId", 1}}).status == 200);
    CHECK(control(emulator, "POST", "/sheets", {{"id", 20}, {"name", "Theirs"}, {"ownerId", 2}}).status == 200);
    const http_response row = control(emulator, "POST", "/sheets/10/rows", {{"values", array{"hello", "world"}}});
    CHECK(row.json().at("id").is_int64());
    CHECK(control(emulator, "POST", "/workspaces", {{"id", 30}, {"name", "WS"}, {"memberIds", array{1}}}).status ==
          200);

    const std::string token = emulator.issue_tokens(1, {"READ_SHEETS"}).access_token;
    CHECK(get(emulator.api_base() + "/sheets/10", token).json().at("rows").as_array().size() == 1);
    CHECK(get(emulator.api_base() + "/sheets/20", token).status == 403);
    CHECK(control(emulator, "POST", "/sheets/20/shares", {{"userId", 1}, {"accessLevel", "VIEWER"}}).status == 200);
    CHECK(get(emulator.api_base() + "/sheets/20", token).status == 200);
    CHECK(control(emulator, "DELETE", "/sheets/20/shares/1").status == 200);
    CHECK(get(emulator.api_base() + "/sheets/20", token).status == 403);
    CHECK(get(emulator.api_base() + "/workspaces", token).json().at("totalCount").as_int64() == 1);
}

TEST_CASE("the control API issues tokens, lists live ones by suffix only, and revokes") {
    test_world world;
    const http_response issued =
        control(world.emulator, "POST", "/tokens", {{"userId", demo::demo_user}, {"scopes", array{"READ_SHEETS"}}});
    REQUIRE(issued.status == 200);
    const std::string access = text(issued, "access_token");
    CHECK(world.me(access).status == 200);

    const http_response listed = get(world.url("/_emulator/tokens"));
    CHECK(listed.body.find(access) == std::string::npos);  // never a full token
    const boost::json::value listed_body = listed.json();
    const auto& tokens = listed_body.at("tokens").as_array();
    REQUIRE(tokens.size() == 2);
    CHECK(tokens.at(0).at("suffix").as_string() == access.substr(access.size() - 6));

    CHECK(control(world.emulator, "POST", "/tokens/revoke", {{"userId", demo::demo_user}}).status == 200);
    CHECK(world.me(access).error_code() == 1002);
}

TEST_CASE("the control API drives lifetimes, clock, skew, faults, rate limit and denial") {
    test_world world;
    const std::string token = world.tokens().access_token;

    CHECK(control(world.emulator, "PUT", "/lifetimes", {{"adminLifetimeSeconds", 100}}).status == 200);
    CHECK(control(world.emulator, "POST", "/clock/advance", {{"seconds", 101}}).status == 200);
    CHECK(world.me(token).error_code() == 1003);

    const std::string fresh = world.tokens().access_token;
    CHECK(control(world.emulator, "PUT", "/rate-limit", {{"perMinute", 1}, {"retryAfterSeconds", 3}}).status == 200);
    CHECK(world.me(fresh).status == 200);
    CHECK(world.me(fresh).header("Retry-After") == "3");

    CHECK(control(world.emulator, "POST", "/faults",
                  {{"kind", "error_status"}, {"path", "/2.0/sheets"}, {"status", 503}, {"errorCode", 4001}})
              .status == 200);
    const std::string other = world.tokens().access_token;
    CHECK(get(world.api("/sheets"), other).error_code() == 4001);
    CHECK(control(world.emulator, "POST", "/faults", {{"kind", "error_status"}, {"status", 500}, {"errorCode", 4000}})
              .status == 200);
    CHECK(control(world.emulator, "DELETE", "/faults").status == 200);
    CHECK(get(world.api("/sheets"), other).status == 200);
    CHECK(control(world.emulator, "POST", "/faults",
                  {{"kind", "redirect"}, {"path", "/2.0/sheets"}, {"location", "https://elsewhere.example/2.0"}})
              .status == 200);
    CHECK(get(world.api("/sheets"), other).header("Location") == "https://elsewhere.example/2.0");
    CHECK(control(world.emulator, "POST", "/faults",
                  {{"kind", "huge_header"}, {"path", "/2.0/sheets"}, {"headerBytes", 5000}})
              .status == 200);
    CHECK(get(world.api("/sheets"), other).header("WWW-Authenticate").size() == 5000);
    CHECK(control(world.emulator, "POST", "/faults",
                  {{"kind", "gzip_bomb"}, {"path", "/2.0/sheets"}, {"inflatedBytes", 100000}})
              .status == 200);
    CHECK(perform({.url = world.api("/sheets"), .bearer = other, .decode = true}).body.size() == 100000);

    CHECK(control(world.emulator, "PUT", "/authorize", {{"denyNext", 1}}).status == 200);
    CHECK(query_param(world.authorize().header("Location"), "error") == "access_denied");

    const std::int64_t before = get(world.url("/_emulator/clock")).json().at("now").as_int64();
    CHECK(control(world.emulator, "PUT", "/clock", {{"offsetSeconds", 0}}).status == 200);
    const std::int64_t after = get(world.url("/_emulator/clock")).json().at("now").as_int64();
    CHECK(before - after >= 100);
    CHECK(control(world.emulator, "PUT", "/date-skew", {{"seconds", -3600}}).status == 200);
    CHECK(control(world.emulator, "PUT", "/lifetimes",
                  {{"adminLifetimeSeconds", nullptr}, {"declaredLifetimeSeconds", 10}, {"codeTtlSeconds", 5}})
              .status == 200);
    CHECK(world.tokens().expires_in == 10);
}

TEST_CASE("the control API reports counters and the request log, and clears them") {
    test_world world;
    world.me(world.tokens().access_token);
    get(world.api("/users/me"));

    const auto counters = get(world.url("/_emulator/counters")).json().at("counters").as_array();
    REQUIRE(counters.size() == 1);
    CHECK(counters.at(0).at("endpoint").as_string() == "GET /2.0/users/me");
    CHECK(counters.at(0).at("count").as_int64() == 2);

    const auto requests = get(world.url("/_emulator/requests")).json().at("requests").as_array();
    REQUIRE(requests.size() == 2);  // control requests are not logged
    CHECK(requests.at(1).at("status").as_int64() == 401);
    CHECK(requests.at(0).at("bearerSuffix").as_string().size() == 6);
    // Headers as the log keeps them: the bearer only as its scheme and last 6 characters.
    const auto& headers = requests.at(0).at("headers").as_object();
    const std::string authorization(headers.at("Authorization").as_string());
    CHECK(authorization == "Bearer …" + std::string(requests.at(0).at("bearerSuffix").as_string()));

    CHECK(control(world.emulator, "DELETE", "/requests").status == 200);
    CHECK(get(world.url("/_emulator/requests")).json().at("requests").as_array().empty());
}

TEST_CASE("the control API answers bad input with 400 and unknown endpoints with 404") {
    test_world world;
    CHECK(control(world.emulator, "POST", "/users", {{"email", "no-id@example.com"}}).status == 400);
    CHECK(control(world.emulator, "POST", "/sheets", {{"id", 1}, {"name", "x"}, {"ownerId", 999}}).status == 400);
    CHECK(control(world.emulator, "POST", "/faults", {{"kind", "meteor_strike"}}).status == 400);
    CHECK(control(world.emulator, "POST", "/tokens", {{"userId", demo::demo_user}, {"scopes", array{"FLY"}}}).status ==
          400);
    const http_response not_json = perform(
        {.method = "POST", .url = world.url("/_emulator/users"), .body = "{", .content_type = "application/json"});
    CHECK(not_json.status == 400);
    CHECK_FALSE(text(not_json, "error").empty());
    CHECK(get(world.url("/_emulator/nothing")).status == 404);
}
