// Numbers from outside — a token endpoint's expires_in, a stored record's integers, a provider's Date — are
// held to their ranges where they enter (plugin/core/time_bounds.hpp), so that nothing computed from them
// downstream overflows. By table.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <limits>
#include <string>

#include "plugin/auth/lifetime_lessons.hpp"
#include "plugin/auth/refresh_schedule.hpp"
#include "plugin/auth/token_response.hpp"
#include "plugin/core/time_bounds.hpp"
#include "plugin/http/clock_skew.hpp"
#include "plugin/record/token_record.hpp"

using namespace tether::auth;
using namespace tether::record;
using tether::max_lifetime_ms;
using tether::max_lifetime_s;
using tether::max_time_ms;
using tether::http::believable_date;
using tether::http::clamp_clock_offset;
using tether::http::clock_skew;
using tether::http::max_clock_offset_ms;
using tether::http::skew_from_date;

namespace {

constexpr std::int64_t local_ms = 1'700'000'000'000;  // Tue, 14 Nov 2023 22:13:20 GMT
constexpr std::int64_t day_ms = 24LL * 3600 * 1000;

std::string with_expires_in(const std::string& value) {
    return R"({"access_token":"a1","refresh_token":"r1","expires_in":)" + value + "}";
}

}  // namespace

TEST_CASE("expires_in beyond ten years is planned on as ten years, and says it was clamped") {
    const std::pair<std::string, std::int64_t> table[] = {
        {"604799", 604799},
        {"\"3600\"", 3600},
        {"1.5", 1},
        {"315360000", 315360000},
        {std::to_string(max_lifetime_s), max_lifetime_s},
        {std::to_string(max_lifetime_s + 1), max_lifetime_s},
        {"2147483647", max_lifetime_s},
        {"9223372036854775807", max_lifetime_s},
        {"18446744073709551615", max_lifetime_s},
        {"1e300", max_lifetime_s},
        {"\"99999999999999999999999999\"", max_lifetime_s},
    };
    for (const auto& [value, expected] : table) {
        INFO("expires_in: " << value);
        const auto parsed = parse_token_response(with_expires_in(value));
        REQUIRE(std::holds_alternative<token_grant>(parsed));
        const auto& grant = std::get<token_grant>(parsed);
        CHECK(grant.expires_in_s == expected);
        CHECK(grant.expires_in_clamped == (expected == max_lifetime_s && value != std::to_string(max_lifetime_s)));
    }
}

TEST_CASE("expires_in that is not a positive number is garbage") {
    for (const char* value : {"0", "-3", "-1e300", "\"-5\"", "\"0\"", "\"\"", "\"3600s\"", "\" 3600\"", "true", "{}"}) {
        INFO("expires_in: " << value);
        CHECK(std::holds_alternative<std::string>(parse_token_response(with_expires_in(value))));
    }
}

TEST_CASE("a stored integer out of its range is damage, named with its field") {
    const std::string max_time = std::to_string(max_time_ms);
    const std::pair<std::string, const char*> table[] = {
        {R"("issued_at_ms":-1)", "'issued_at_ms' is out of range"},
        {R"("issued_at_ms":)" + std::to_string(max_time_ms + 1), "'issued_at_ms' is out of range"},
        {R"("issued_at_ms":9223372036854775807)", "'issued_at_ms' is out of range"},
        {R"("declared_lifetime_s":-1)", "'declared_lifetime_s' is out of range"},
        {R"("declared_lifetime_s":)" + std::to_string(max_lifetime_s + 1), "'declared_lifetime_s' is out of range"},
        {R"("learned_lifetime_ms":9223372036854775807)", "'learned_lifetime_ms' is out of range"},
        {R"("early_death_age_ms":)" + std::to_string(max_lifetime_ms + 1), "'early_death_age_ms' is out of range"},
        {R"("lesson_learned_at_ms":-9223372036854775807)", "'lesson_learned_at_ms' is out of range"},
        {R"("reconnect_since_ms":)" + std::to_string(max_time_ms + 1), "'reconnect_since_ms' is out of range"},
        {R"("refresh_failures":4294967296)", "'refresh_failures' is out of range"},
        {R"("refresh_failures":-1)", "'refresh_failures' is out of range"},
        {R"("refresh_blocked_until_ms":-5)", "'refresh_blocked_until_ms' is out of range"},
        {R"("pending":{"state":"s","created_ms":-1})", "'created_ms' is out of range"},
    };
    for (const auto& [field, expected] : table) {
        const std::string text =
            R"({"schema":1,"state":"authorized","access_token":"secret-token-value",)" + field + "}";
        INFO(text);
        const auto parsed = parse_token_record(text);
        REQUIRE(std::holds_alternative<std::string>(parsed));
        CHECK_THAT(std::get<std::string>(parsed), Catch::Contains(expected));
        CHECK_THAT(std::get<std::string>(parsed), !Catch::Contains("secret-token-value"));
    }
}

TEST_CASE("the largest stored values in range plan a refresh without overflowing") {
    const std::string text =
        R"({"schema":1,"state":"authorized","access_token":"a","refresh_token":"r","issued_at_ms":)" +
        std::to_string(max_time_ms) + R"(,"declared_lifetime_s":)" + std::to_string(max_lifetime_s) +
        R"(,"learned_lifetime_ms":)" + std::to_string(max_lifetime_ms) +
        R"(,"lesson_learned_at_ms":0,"refresh_failures":1000000})";
    const auto parsed = parse_token_record(text);
    REQUIRE(std::holds_alternative<token_record>(parsed));
    const auto& r = std::get<token_record>(parsed);
    const auto plan = plan_refresh(r, {}, 1.0);
    REQUIRE(plan.expires_at_ms);
    CHECK(*plan.expires_at_ms == max_time_ms + max_lifetime_ms);
    REQUIRE(plan.refresh_at_ms);
    CHECK(*plan.refresh_at_ms > max_time_ms);
    CHECK(*plan.refresh_at_ms < *plan.expires_at_ms);
    CHECK(lesson_retest_after_ms(*r.learned_lifetime_ms) == 16 * max_lifetime_ms);
    CHECK_FALSE(died_early(r, max_lifetime_ms));
    CHECK(died_early(r, 0));
}

TEST_CASE("a Date is believed only within a year of our clock") {
    const std::pair<const char*, bool> table[] = {
        {"Tue, 14 Nov 2023 22:13:20 GMT", true},  {"Tue, 14 Nov 2023 23:13:20 GMT", true},  // an hour ahead
        {"Fri, 14 Jun 2024 22:13:20 GMT", true},                                            // seven months ahead
        {"Sun, 14 Nov 2021 22:13:20 GMT", false},                                           // two years behind
        {"Mon, 01 Jan 0001 00:00:00 GMT", false},                                           // an unset clock
        {"Thu, 01 Jan 1970 00:00:00 GMT", false}, {"Fri, 31 Dec 9999 23:59:59 GMT", false}, {"garbage", false},
    };
    for (const auto& [date, believed] : table) {
        INFO(date);
        CHECK(believable_date(local_ms, date).has_value() == believed);
        CHECK(skew_from_date(local_ms, date).has_value() == believed);
    }
    CHECK_FALSE(believable_date(std::numeric_limits<std::int64_t>::min(), "Tue, 14 Nov 2023 22:13:20 GMT"));
    // Our clock beyond 9999 counts as the end of 9999: the offset still stays within a year.
    const auto from_far_future =
        skew_from_date(std::numeric_limits<std::int64_t>::max(), "Fri, 31 Dec 9999 23:59:59 GMT");
    REQUIRE(from_far_future);
    CHECK(std::llabs(*from_far_future) <= max_clock_offset_ms);
}

TEST_CASE("an absurd Date keeps the last estimate of the provider's clock") {
    clock_skew skew;
    skew.observe(local_ms, "Tue, 14 Nov 2023 23:13:20 GMT");
    REQUIRE(skew.offset_ms() == 3'600'500);
    skew.observe(local_ms, "Mon, 01 Jan 0001 00:00:00 GMT");
    skew.observe(local_ms, "Fri, 01 Jan 2100 00:00:00 GMT");
    CHECK(skew.offset_ms() == 3'600'500);
    CHECK(skew.provider_now(local_ms) == local_ms + 3'600'500);
}

TEST_CASE("a clock offset is clamped to a year either way, also when seeded from storage") {
    const std::pair<std::int64_t, std::int64_t> table[] = {
        {0, 0},
        {-5 * day_ms, -5 * day_ms},
        {max_clock_offset_ms, max_clock_offset_ms},
        {max_clock_offset_ms + 1, max_clock_offset_ms},
        {-62'135'596'800'000 - local_ms, -max_clock_offset_ms},
        {std::numeric_limits<std::int64_t>::min(), -max_clock_offset_ms},
        {std::numeric_limits<std::int64_t>::max(), max_clock_offset_ms},
    };
    for (const auto& [offset, clamped] : table) {
        INFO(offset);
        CHECK(clamp_clock_offset(offset) == clamped);
        clock_skew skew;
        skew.seed(offset);
        CHECK(skew.offset_ms() == clamped);
    }
}
