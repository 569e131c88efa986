// What tests can read back: counters per endpoint and grant type, the request log, live tokens.
#include <catch2/catch.hpp>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;

TEST_CASE("counters count requests per endpoint and per grant type, failures included") {
    test_world world;
    const token_pair pair = world.tokens();
    const http_response exchanged = world.exchange_code(world.authorization_code());
    world.refresh(pair.refresh_token);
    world.refresh(pair.refresh_token);  // 1071, still counted
    world.me(pair.access_token);
    get(world.api("/sheets/2001"), text(exchanged, "access_token"));
    get(world.api("/sheets/2002"), text(exchanged, "access_token"));

    CHECK(world.emulator.count("GET /b/authorize") == 1);
    CHECK(world.emulator.count("POST /2.0/token") == 3);
    CHECK(world.emulator.count("POST /2.0/token", "authorization_code") == 1);
    CHECK(world.emulator.count("POST /2.0/token", "refresh_token") == 2);
    CHECK(world.emulator.count("GET /2.0/users/me") == 1);
    CHECK(world.emulator.count("GET /2.0/sheets/{sheetId}") == 2);
    CHECK(world.emulator.count("DELETE /2.0/token") == 0);

    bool listed = false;
    for (const auto& c : world.emulator.counters())
        if (c.endpoint == "POST /2.0/token" && c.grant_type == "refresh_token") listed = c.count == 2;
    CHECK(listed);
}

TEST_CASE("the request log records time, method, path, status, grant type and only a bearer suffix") {
    test_world world;
    const token_pair pair = world.tokens();
    world.emulator.advance_clock(std::chrono::hours(5));
    world.me(pair.access_token);
    world.refresh(pair.refresh_token);

    const auto log = world.emulator.request_log();
    REQUIRE(log.size() == 2);
    CHECK(log[0].method == "GET");
    CHECK(log[0].path == "/2.0/users/me");
    CHECK(log[0].endpoint == "GET /2.0/users/me");
    CHECK(log[0].status == 200);
    CHECK(log[0].bearer_suffix == pair.access_token.substr(pair.access_token.size() - 6));
    CHECK(log[0].at >= world.emulator.now() - std::chrono::seconds(5));
    CHECK(log[0].at > std::chrono::system_clock::now() + std::chrono::hours(4));  // the emulator clock
    CHECK(log[1].grant_type == "refresh_token");
    CHECK(log[1].status == 200);
    CHECK(log[1].bearer_suffix.empty());
}

TEST_CASE("live_tokens lists exactly the usable tokens") {
    test_world world;
    const token_pair kept = world.tokens();
    const token_pair revoked = world.tokens();
    world.emulator.revoke_token(revoked.refresh_token);

    const auto live = world.emulator.live_tokens();
    CHECK(live.size() == 2);
    for (const live_token& token : live) {
        CHECK((token.token == kept.access_token || token.token == kept.refresh_token));
        CHECK(token.user_id == demo::demo_user);
    }
    CHECK(world.emulator.is_live(kept.access_token));
    CHECK_FALSE(world.emulator.is_live(revoked.access_token));
}

TEST_CASE("clear_observations resets counters and the log") {
    test_world world;
    world.me(world.tokens().access_token);
    world.emulator.clear_observations();
    CHECK(world.emulator.count("GET /2.0/users/me") == 0);
    CHECK(world.emulator.request_log().empty());
}

TEST_CASE("the on_request hook sees each request with the token cut to its suffix") {
    std::vector<request_log_entry> seen;
    std::mutex guard;
    emulator_options options;
    options.on_request = [&](const request_log_entry& entry) {
        std::lock_guard lock(guard);
        seen.push_back(entry);
    };
    test_world world(options);
    const std::string token = world.tokens().access_token;
    world.me(token);
    std::lock_guard lock(guard);
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].bearer_suffix.size() == 6);
}
