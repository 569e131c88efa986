// The windowed counter under concurrency and at the edges of time: adds racing a bucket's rotation are counted
// exactly once and in their own minute, and no timestamp, however absurd, can write outside the buckets.
#include "plugin/health/windowed_counter.hpp"

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <cstdint>
#include <limits>
#include <memory>
#include <thread>
#include <vector>

using tether::health::window_minutes;
using tether::health::windowed_counter;

namespace {

constexpr std::int64_t minute_ms = 60'000;
// Two minutes that share a bucket: the second one rotates it.
constexpr std::int64_t old_minute_ms = 28'333'333 * minute_ms;
constexpr std::int64_t new_minute_ms = old_minute_ms + window_minutes * minute_ms;

// As many threads as there are cores, from 2 to 4: the start of each round is a spin barrier, because a
// sleeping barrier wakes its threads microseconds apart and they would then rarely meet at the rotation.
int racing_threads() {
    return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 2u, 4u));
}

// Runs `rounds` rounds on `threads` threads; in each round every thread starts `body(round, thread)` at the same
// moment as the others, so that their adds meet at the rotation of that round's counter.
template <class Body>
void race(int threads, int rounds, Body body) {
    std::atomic<int> arrived{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            for (int r = 0; r < rounds; ++r) {
                arrived.fetch_add(1);
                while (arrived.load() < threads * (r + 1)) {
                }
                body(r, t);
            }
        });
    for (auto& thread : pool) thread.join();
}

}  // namespace

TEST_CASE("adds for a new minute racing its bucket's rotation are never lost") {
    const int threads = racing_threads();
    constexpr int rounds = 20'000;
    constexpr int adds = 3;
    std::vector<std::unique_ptr<windowed_counter>> counters;
    for (int r = 0; r < rounds; ++r) {
        counters.push_back(std::make_unique<windowed_counter>());
        counters.back()->add(old_minute_ms + 5, 7);  // the bucket holds the old minute when the round starts
    }
    race(threads, rounds, [&](int r, int) {
        for (int i = 0; i < adds; ++i) counters[r]->add(new_minute_ms + i);
    });
    int rounds_with_a_wrong_count = 0;
    int rounds_with_a_wrong_total = 0;
    for (const auto& c : counters) {
        if (c->in_window(new_minute_ms) != threads * adds) ++rounds_with_a_wrong_count;
        if (c->total() != 7 + threads * adds) ++rounds_with_a_wrong_total;
    }
    CHECK(rounds_with_a_wrong_count == 0);
    CHECK(rounds_with_a_wrong_total == 0);
}

TEST_CASE("late adds for the old minute never land in the new minute, the window counts exactly the new adds") {
    const int threads = racing_threads();
    constexpr int rounds = 500;
    constexpr int adds = 40;  // per thread and round, alternately for the old and the new minute
    std::vector<std::unique_ptr<windowed_counter>> counters;
    for (int r = 0; r < rounds; ++r) {
        counters.push_back(std::make_unique<windowed_counter>());
        counters.back()->add(old_minute_ms, 3);
    }
    race(threads, rounds, [&](int r, int t) {
        for (int i = 0; i < adds; ++i) counters[r]->add((i + t) % 2 == 0 ? new_minute_ms : old_minute_ms);
    });
    int rounds_with_a_wrong_count = 0;
    int rounds_with_a_wrong_total = 0;
    for (const auto& c : counters) {
        if (c->in_window(new_minute_ms) != threads * adds / 2) ++rounds_with_a_wrong_count;
        if (c->total() != 3 + threads * adds) ++rounds_with_a_wrong_total;
    }
    CHECK(rounds_with_a_wrong_count == 0);
    CHECK(rounds_with_a_wrong_total == 0);
}

TEST_CASE("a negative or absurd timestamp stays inside the buckets and is counted in its own minute") {
    constexpr std::int64_t min = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    // What a server's "Date: Mon, 01 Jan 0001 00:00:00 GMT" turns into.
    constexpr std::int64_t year_one_ms = -62'135'596'800'000;

    SECTION("just before the epoch: minute -1, not minute 0") {
        windowed_counter c;
        c.add(-1);
        CHECK(c.in_window(-1) == 1);
        CHECK(c.in_window(-60'000) == 1);
        CHECK(c.in_window(0) == 1);
        CHECK(c.in_window(-60'001) == 0);  // minute -2: the add is still to come
    }
    SECTION("the year 1") {
        windowed_counter c;
        c.add(year_one_ms, 2);
        c.add(year_one_ms + 59'999);
        CHECK(c.in_window(year_one_ms) == 3);
        CHECK(c.in_window(year_one_ms + window_minutes * minute_ms) == 0);
        CHECK(c.total() == 3);
    }
    SECTION("every minute of a negative stretch lands in its own bucket") {
        windowed_counter c;
        for (int m = 0; m < window_minutes; ++m) c.add(year_one_ms - m * minute_ms);
        CHECK(c.in_window(year_one_ms) == window_minutes);
    }
    SECTION("the extremes of the clock") {
        windowed_counter c;
        c.add(min);
        c.add(min + 1);
        CHECK(c.in_window(min) == 2);
        c.add(max, 5);
        CHECK(c.in_window(max) == 5);
        CHECK(c.in_window(0) == 0);
        CHECK(c.total() == 7);
    }
}
