// Backoff: exponential ceilings, the bounds and distribution of full jitter, equal jitter's floor, and how a
// server's Retry-After combines with the jittered delay. Randomness is passed in: no clock, no sleeping.
#include "plugin/retry/backoff.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <random>

using namespace tether::retry;

TEST_CASE("the ceiling doubles from the base and stops at the maximum") {
    const backoff_limits limits{1000, 30000};
    CHECK(backoff_ceiling_ms(limits, 0) == 1000);
    CHECK(backoff_ceiling_ms(limits, 1) == 2000);
    CHECK(backoff_ceiling_ms(limits, 2) == 4000);
    CHECK(backoff_ceiling_ms(limits, 4) == 16000);
    CHECK(backoff_ceiling_ms(limits, 5) == 30000);
    CHECK(backoff_ceiling_ms(limits, 1000) == 30000);  // no overflow however many attempts
    CHECK(backoff_ceiling_ms({0, 30000}, 3) == 0);
    CHECK(backoff_ceiling_ms({-5, 30000}, 3) == 0);
}

TEST_CASE("full jitter stays within [0, ceiling] at the extremes of the unit random") {
    const backoff_limits limits{1000, 30000};
    for (int attempt = 0; attempt < 8; ++attempt) {
        INFO("attempt " << attempt);
        const auto ceiling = backoff_ceiling_ms(limits, attempt);
        CHECK(full_jitter_ms(limits, attempt, 0.0) == 0);
        CHECK(full_jitter_ms(limits, attempt, 0.5) == ceiling / 2);
        CHECK(full_jitter_ms(limits, attempt, 0.999999) <= ceiling);
        CHECK(full_jitter_ms(limits, attempt, 0.999999) >= ceiling - 1);
        CHECK(full_jitter_ms(limits, attempt, 7.0) == ceiling);  // out-of-range randoms are clamped
        CHECK(full_jitter_ms(limits, attempt, -1.0) == 0);
    }
}

TEST_CASE("full jitter is uniform over [0, ceiling]: a seeded sample fills every tenth evenly") {
    const backoff_limits limits{1000, 30000};
    std::mt19937_64 seeded(42);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    constexpr int samples = 20000;
    const auto ceiling = backoff_ceiling_ms(limits, 3);  // 8000
    std::array<int, 10> buckets{};
    double sum = 0;
    for (int i = 0; i < samples; ++i) {
        const auto d = full_jitter_ms(limits, 3, unit(seeded));
        REQUIRE(d >= 0);
        REQUIRE(d <= ceiling);
        sum += static_cast<double>(d);
        ++buckets[static_cast<std::size_t>(std::min<std::int64_t>(9, d * 10 / ceiling))];
    }
    for (int count : buckets) {
        CHECK(count > samples / 10 * 0.9);
        CHECK(count < samples / 10 * 1.1);
    }
    CHECK(sum / samples == Approx(ceiling / 2.0).epsilon(0.02));
}

TEST_CASE("equal jitter never goes below half the ceiling") {
    const backoff_limits limits{2000, 300000};
    for (int attempt = 0; attempt < 10; ++attempt) {
        const auto ceiling = backoff_ceiling_ms(limits, attempt);
        CHECK(equal_jitter_ms(limits, attempt, 0.0) == ceiling / 2);
        CHECK(equal_jitter_ms(limits, attempt, 1.0) == ceiling / 2 * 2);
    }
}

TEST_CASE("Retry-After wins when it asks for longer than the jittered delay, never when shorter") {
    const backoff_limits limits{1000, 30000};
    CHECK(retry_delay_ms(limits, 2, 0.5, std::nullopt) == 2000);
    CHECK(retry_delay_ms(limits, 2, 0.5, 5000) == 5000);
    CHECK(retry_delay_ms(limits, 2, 0.5, 100) == 2000);
    CHECK(retry_delay_ms(limits, 0, 0.0, 0) == 0);
    // Longer than the maximum: returned as asked, so that the caller gives up rather than waits less.
    CHECK(retry_delay_ms(limits, 0, 0.5, 120000) == 120000);
}
