// Every response carries an RFC 7231 Date from the emulator clock, which can be skewed either way.
#include <catch2/catch.hpp>
#include <ctime>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;
using std::chrono::seconds;

namespace {
// Seconds since the epoch of an IMF-fixdate, or -1.
std::int64_t parse_http_date(const std::string& text) {
    // "Sun, 06 Nov 1994 08:49:37 GMT": fixed width, two-digit day, GMT — strptime alone would accept more.
    if (text.size() != 29 || text.substr(3, 2) != ", " || !text.ends_with(" GMT")) return -1;
    std::tm fields{};
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &fields);
    if (end == nullptr || *end != '\0') return -1;
    return timegm(&fields);
}

std::int64_t unix_seconds(emulator_time t) {
    return std::chrono::duration_cast<seconds>(t.time_since_epoch()).count();
}
}  // namespace

TEST_CASE("every response carries an IMF-fixdate Date header from the emulator clock") {
    test_world world;
    world.emulator.advance_clock(seconds(86400 * 3));  // three days ahead of the machine
    const std::int64_t expected = unix_seconds(world.emulator.now());

    const std::vector<http_response> responses{
        world.me(world.tokens().access_token),                     // 200
        get(world.api("/users/me")),                               // 401
        world.authorize(),                                         // 302
        post_form(world.emulator.token_url(), "grant_type=nope"),  // 400 from the token endpoint
        get(world.url("/_emulator/clock")),                        // control API
    };
    for (const auto& response : responses) {
        INFO("status " << response.status << ", Date: " << response.header("Date"));
        const std::int64_t date = parse_http_date(response.header("Date"));
        CHECK(date >= expected - 2);
        CHECK(date <= expected + 2);
    }
}

TEST_CASE("the Date header can be skewed both ways without moving token times") {
    test_world world;
    const token_pair pair = world.tokens();

    world.emulator.set_date_skew(seconds(600));
    const std::int64_t ahead = parse_http_date(world.me(pair.access_token).header("Date"));
    CHECK(ahead - unix_seconds(world.emulator.now()) >= 598);
    CHECK(ahead - unix_seconds(world.emulator.now()) <= 602);

    world.emulator.set_date_skew(seconds(-900));
    const std::int64_t behind = parse_http_date(world.me(pair.access_token).header("Date"));
    CHECK(unix_seconds(world.emulator.now()) - behind >= 898);
    CHECK(unix_seconds(world.emulator.now()) - behind <= 902);

    // Skew is cosmetic: the token is still as young as it was.
    world.emulator.set_admin_lifetime(60);
    CHECK(world.me(pair.access_token).status == 200);
}
