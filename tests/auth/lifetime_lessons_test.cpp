// Lifetime lessons as tables: when a death teaches, what it teaches, when a lesson is tested again and when a
// token disproves it.
#include <catch2/catch.hpp>

#include "plugin/auth/lifetime_lessons.hpp"
#include "plugin/auth/refresh_schedule.hpp"

using namespace tether::auth;
using tether::record::connection_state;
using tether::record::token_record;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;
constexpr std::int64_t minute = 60'000;
constexpr std::int64_t day = 24 * 60 * minute;

token_record token(std::int64_t issued = t0) {
    token_record r;
    r.state = connection_state::authorized;
    r.access_token = "a";
    r.refresh_token = "r";
    r.issued_at_ms = issued;
    r.declared_lifetime_s = 3600;
    return r;
}

token_record learned(std::int64_t lifetime_ms, std::int64_t learned_at, std::int64_t issued) {
    token_record r = token(issued);
    r.learned_lifetime_ms = lifetime_ms;
    r.lesson_learned_at_ms = learned_at;
    return r;
}

}  // namespace

TEST_CASE("which deaths teach a lesson, and what") {
    struct row {
        const char* name;
        token_record record;
        std::int64_t dead_age;
        std::optional<std::int64_t> last_ok_age;
        std::optional<std::int64_t> expected;  // nullopt: no lesson
    };
    token_record api = token();
    api.api_token = true;
    token_record judged = token();
    judged.state = connection_state::reconnect_required;
    const std::vector<row> rows = {
        {"dead at 66 s, last ok at 64 s: the lower bound", token(), 66'000, 64'000, 64'000},
        {"dead at 10 min, idle since issue: half the upper bound", token(), 10 * minute, std::nullopt, 5 * minute},
        {"dead at 10 min, last ok at 1 min: half the upper bound is more", token(), 10 * minute, minute, 5 * minute},
        {"dead at 90 s, idle: never below a minute", token(), 90'000, std::nullopt, minute},
        {"dead at 59 s: too young to be a lifetime", token(), 59'000, std::nullopt, std::nullopt},
        {"dead at 96% of the declared hour: ordinary expiry", token(), 3600 * 960, std::nullopt, std::nullopt},
        {"an API token teaches nothing", api, 10 * minute, std::nullopt, std::nullopt},
        {"a judged grant teaches nothing", judged, 10 * minute, std::nullopt, std::nullopt},
        {"an earlier, shorter lesson stands", learned(2 * minute, t0, t0), 10 * minute, std::nullopt, 2 * minute},
        {"a lesson on trial is replaced by what the death says", learned(2 * minute, t0 - 2 * day, t0), 10 * minute,
         std::nullopt, 5 * minute},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        const auto lesson = lesson_from_death(r.record, r.dead_age, r.last_ok_age, t0 + r.dead_age);
        REQUIRE(lesson.has_value() == r.expected.has_value());
        if (lesson) {
            CHECK(lesson->learned_ms == *r.expected);
            CHECK(lesson->death_age_ms == r.dead_age);
            CHECK(lesson->learned_at_ms == t0 + r.dead_age);
        }
    }
}

TEST_CASE("a lesson stands for a day, or sixteen of its lifetimes, then the next token is on trial") {
    CHECK(lesson_retest_after_ms(minute) == day);
    CHECK(lesson_retest_after_ms(3 * 3600 * 1000LL) == 16 * 3 * 3600 * 1000LL);
    CHECK_FALSE(lesson_on_trial(learned(minute, t0, t0 + day - 1)));
    CHECK(lesson_on_trial(learned(minute, t0, t0 + day)));
    CHECK(lesson_on_trial(learned(minute, 0, t0)));  // a lesson of unknown age is tested
    CHECK_FALSE(lesson_on_trial(token()));
}

TEST_CASE("a token on trial is planned on its declared lifetime, otherwise on the lesson") {
    const tether::manifest::refresh_policy policy;
    const auto standing = plan_refresh(learned(2 * minute, t0, t0 + minute), policy, 0.0);
    CHECK(*standing.refresh_at_ms == t0 + minute + 2 * minute * 85 / 100);
    CHECK(*standing.expires_at_ms == t0 + 3 * minute);
    CHECK(*standing.usable_until_ms == t0 + minute + 3600 * 1000);  // a failed refresh serves until the declared end
    const auto on_trial = plan_refresh(learned(2 * minute, t0, t0 + day), policy, 0.0);
    CHECK(*on_trial.refresh_at_ms == t0 + day + 3600 * 1000 * 85 / 100);
}

TEST_CASE("a token accepted past the lesson disproves it") {
    const auto r = learned(2 * minute, t0, t0);
    CHECK_FALSE(lesson_disproved(r, 2 * minute));
    CHECK(lesson_disproved(r, 2 * minute + 1));
    CHECK_FALSE(lesson_disproved(token(), 10 * day));  // no lesson, nothing to disprove
}
