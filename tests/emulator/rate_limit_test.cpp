// The per-token rate limit: 429/4003 exactly past the configured count, Retry-After when configured,
// a fresh window a minute later on the emulator clock.
#include <catch2/catch.hpp>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;

TEST_CASE("the rate limit trips exactly at the configured count with 429/4003") {
    emulator_options options;
    options.rate_limit_per_min = 5;
    test_world world(options);
    const std::string token = world.tokens().access_token;

    for (int i = 1; i <= 5; ++i) {
        INFO("request " << i);
        CHECK(world.me(token).status == 200);
    }
    const http_response limited = world.me(token);
    CHECK(limited.status == 429);
    CHECK(limited.error_code() == 4003);
    CHECK(limited.header("Retry-After").empty());  // Smartsheet does not document one
}

TEST_CASE("Retry-After is sent when configured, and the window reopens a minute later") {
    test_world world;
    world.emulator.set_rate_limit(3, 17);
    const std::string token = world.tokens().access_token;
    for (int i = 0; i < 3; ++i) REQUIRE(world.me(token).status == 200);

    const http_response limited = world.me(token);
    CHECK(limited.status == 429);
    CHECK(limited.header("Retry-After") == "17");

    // The emulator's clock is real time plus an offset: ten seconds' margin for a slow run.
    world.emulator.advance_clock(std::chrono::seconds(50));
    CHECK(world.me(token).status == 429);
    world.emulator.advance_clock(std::chrono::seconds(10));
    CHECK(world.me(token).status == 200);
}

TEST_CASE("the rate limit counts per token") {
    test_world world;
    world.emulator.set_rate_limit(2);
    const std::string first = world.tokens().access_token;
    const std::string second = world.tokens().access_token;
    world.me(first);
    world.me(first);
    CHECK(world.me(first).status == 429);
    CHECK(world.me(second).status == 200);
}
