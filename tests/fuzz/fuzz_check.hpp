// What a fuzz target asserts beyond "no sanitizer report" — a broken invariant aborts with its text, so that
// libFuzzer keeps the input as a crash — and the fixed time the targets resolve relative values against.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define FUZZ_REQUIRE(condition)                                                                          \
    do {                                                                                                 \
        if (!(condition)) {                                                                              \
            std::fprintf(stderr, "fuzz invariant broken: %s (%s:%d)\n", #condition, __FILE__, __LINE__); \
            std::abort();                                                                                \
        }                                                                                                \
    } while (false)

namespace tether_fuzz {

// A provider time to resolve relative values against: Tue, 14 Nov 2023 22:13:20 GMT.
inline constexpr std::int64_t fuzz_now_ms = 1'700'000'000'000;

}  // namespace tether_fuzz
