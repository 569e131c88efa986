// How access tokens die of age: the declared expires_in, and the admin-configured lifetime that is
// shorter, counts from the original issue time, applies to existing tokens, and never resurrects them.
#include <catch2/catch.hpp>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;
using std::chrono::seconds;

TEST_CASE("an access token expires at expires_in: 401/1003, and a refresh brings a working one") {
    test_world world;
    world.emulator.set_declared_lifetime(3600);
    const token_pair pair = world.tokens();
    CHECK(pair.expires_in == 3600);

    // The emulator's clock is real time plus an offset: a minute's margin on each side for a slow run.
    world.emulator.advance_clock(seconds(3540));
    CHECK(world.me(pair.access_token).status == 200);
    world.emulator.advance_clock(seconds(120));
    const http_response expired = world.me(pair.access_token);
    CHECK(expired.status == 401);
    CHECK(expired.error_code() == 1003);

    const http_response refreshed = world.refresh(pair.refresh_token);
    REQUIRE(refreshed.status == 200);
    CHECK(world.me(text(refreshed, "access_token")).status == 200);
}

TEST_CASE("the admin lifetime kills a token long before expires_in, and it stays dead") {
    test_world world;
    world.emulator.set_admin_lifetime(3600);
    const token_pair pair = world.tokens();
    CHECK(pair.expires_in == 604799);  // the token response still claims a week

    world.emulator.advance_clock(seconds(3600));
    const http_response dead = world.me(pair.access_token);
    CHECK(dead.status == 401);
    CHECK(dead.error_code() == 1003);
    CHECK_FALSE(world.emulator.is_live(pair.access_token));

    // Lifting the limit or turning the clock back does not bring it back.
    world.emulator.set_admin_lifetime(std::nullopt);
    world.emulator.advance_clock(seconds(-3600));
    CHECK(world.me(pair.access_token).error_code() == 1003);

    // The refresh token is unaffected; the new access token counts from its own issue time.
    const http_response refreshed = world.refresh(pair.refresh_token);
    REQUIRE(refreshed.status == 200);
    CHECK(world.me(text(refreshed, "access_token")).status == 200);
}

TEST_CASE("a token the admin lifetime killed unseen stays dead after the lifetime is lifted") {
    test_world world;
    world.emulator.set_admin_lifetime(600);
    const token_pair pair = world.tokens();
    world.emulator.advance_clock(seconds(601));  // nobody used the token meanwhile
    world.emulator.set_admin_lifetime(std::nullopt);
    CHECK(world.me(pair.access_token).error_code() == 1003);
}

TEST_CASE("the admin lifetime counts from the token's original issue time") {
    test_world world;
    const token_pair pair = world.tokens();
    world.emulator.advance_clock(seconds(1800));
    world.emulator.set_admin_lifetime(3600);  // set half an hour after the token was issued

    // A minute's margin on each side of the hour (the clock is real time plus an offset); half an hour
    // separates the two readings told apart.
    world.emulator.advance_clock(seconds(1740));
    CHECK(world.me(pair.access_token).status == 200);
    world.emulator.advance_clock(seconds(120));  // past one hour after issue, long before one after the change
    CHECK(world.me(pair.access_token).error_code() == 1003);
}

TEST_CASE("a lifetime change applies to existing tokens at once") {
    test_world world;
    const token_pair old_token = world.tokens();
    world.emulator.advance_clock(seconds(7200));
    const token_pair young_token = world.tokens();

    world.emulator.set_admin_lifetime(3600);
    CHECK(world.me(old_token.access_token).error_code() == 1003);
    CHECK(world.me(young_token.access_token).status == 200);
}

TEST_CASE("an admin-expired token can be made to answer 1002, which Smartsheet does not rule out") {
    emulator_options options;
    options.admin_lifetime_s = 60;
    options.admin_expired_error_code = 1002;
    test_world world(options);
    const token_pair pair = world.tokens();
    world.emulator.advance_clock(seconds(61));
    const http_response response = world.me(pair.access_token);
    CHECK(response.status == 401);
    CHECK(response.error_code() == 1002);
}
