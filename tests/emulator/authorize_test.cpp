// GET /b/authorize: the redirect back with code and state, denial, and what is refused outright.
#include <catch2/catch.hpp>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;

TEST_CASE("authorize redirects to the redirect_uri with a code and the same state") {
    test_world world;
    const http_response response = world.authorize("READ_SHEETS WRITE_SHEETS", "state with spaces&symbols");

    CHECK(response.status == 302);
    const std::string location = response.header("Location");
    CHECK(location.starts_with(world.emulator.options().redirect_uri + "?"));
    CHECK(query_param(location, "state") == "state with spaces&symbols");
    CHECK(query_param(location, "code").size() >= 20);
    CHECK(query_param(location, "error").empty());
}

TEST_CASE("a denied authorize redirects with error=access_denied and the state, once per denial") {
    test_world world;
    world.emulator.deny_next_authorize();

    const std::string denied = world.authorize("READ_SHEETS", "s1").header("Location");
    CHECK(query_param(denied, "error") == "access_denied");
    CHECK(query_param(denied, "state") == "s1");
    CHECK(query_param(denied, "code").empty());

    CHECK_FALSE(query_param(world.authorize().header("Location"), "code").empty());
}

TEST_CASE("authorize refuses an unknown client_id or a foreign redirect_uri without redirecting") {
    test_world world;
    const std::string base = world.emulator.authorize_url() + "?response_type=code&scope=READ_SHEETS&state=x";

    const http_response wrong_client = get(base + "&client_id=someone-else");
    CHECK(wrong_client.status == 400);
    CHECK(wrong_client.header("Location").empty());

    const http_response wrong_redirect =
        get(base + "&client_id=" + world.emulator.options().client_id + "&redirect_uri=https%3A%2F%2Fevil.example%2F");
    CHECK(wrong_redirect.status == 400);
    CHECK(wrong_redirect.header("Location").empty());
}

TEST_CASE("authorize sends invalid_scope and unsupported_response_type back to the app") {
    test_world world;
    const std::string client = "&client_id=" + world.emulator.options().client_id + "&state=s";

    const http_response bad_scope =
        get(world.emulator.authorize_url() + "?response_type=code&scope=READ_SHEETS%20FLY" + client);
    CHECK(bad_scope.status == 302);
    CHECK(query_param(bad_scope.header("Location"), "error") == "invalid_scope");

    const http_response no_scope = get(world.emulator.authorize_url() + "?response_type=code" + client);
    CHECK(query_param(no_scope.header("Location"), "error") == "invalid_scope");

    const http_response bad_type =
        get(world.emulator.authorize_url() + "?response_type=token&scope=READ_SHEETS" + client);
    CHECK(query_param(bad_type.header("Location"), "error") == "unsupported_response_type");
    CHECK(query_param(bad_type.header("Location"), "state") == "s");
}

TEST_CASE("the code carries the user who authorized and the scopes asked for") {
    test_world world;
    world.emulator.set_authorizing_user(demo::other_user);
    const std::string code = query_param(world.authorize("READ_SHEETS").header("Location"), "code");
    const http_response tokens = world.exchange_code(code);
    REQUIRE(tokens.status == 200);

    const http_response me = world.me(text(tokens, "access_token"));
    CHECK(me.json().at("id").as_int64() == demo::other_user);
    // READ_SHEETS only: writing is refused.
    const http_response write =
        send_json("POST", world.api("/sheets/2004/rows"), boost::json::object{{"cells", boost::json::array{}}},
                  text(tokens, "access_token"));
    CHECK(write.status == 403);
    CHECK(write.error_code() == 1004);
}
