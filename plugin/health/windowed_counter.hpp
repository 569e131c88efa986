// A counter over a sliding window of whole minutes, plus its all-time total. Lock-free: on the call path one
// relaxed add to the total and one CAS on a bucket; sums are computed only when a health document is built.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace tether::health {

inline constexpr int window_minutes = 15;

class windowed_counter {
public:
    // Counts `n` (≥ 0) at `now_ms`, whatever that is: a timestamp far before the epoch or beyond the year
    // 10 000 counts at the nearest minute the buckets can hold. An add for a minute whose bucket has already
    // moved on to a later minute is too late for the window and counts in the total only.
    void add(std::int64_t now_ms, std::int64_t n = 1) {
        total_.fetch_add(n, std::memory_order_relaxed);
        const std::int64_t minute = minute_of(now_ms);
        auto& bucket = buckets_[bucket_of(minute)];
        // The minute and its count change together in one CAS: a rotation can neither erase an add made for
        // the new minute nor let an add for the old minute into the new one.
        std::uint64_t seen = bucket.load(std::memory_order_relaxed);
        std::uint64_t next = 0;
        do {
            const std::int64_t held = minute_in(seen);
            if (held > minute) return;
            next = pack(minute, held == minute ? count_in(seen) : 0, n);
        } while (!bucket.compare_exchange_weak(seen, next, std::memory_order_relaxed));
    }

    std::int64_t total() const { return total_.load(std::memory_order_relaxed); }

    // What the counter holds, read bucket by bucket (each bucket is consistent; the set is not a snapshot of
    // one instant, which a counter of events never needs).
    struct reading {
        std::int64_t total = 0;
        std::array<std::pair<std::int64_t, std::int64_t>, window_minutes> minutes{};  // (minute, count)
    };
    reading read() const {
        reading r;
        r.total = total();
        for (std::size_t i = 0; i < buckets_.size(); ++i) {
            const std::uint64_t b = buckets_[i].load(std::memory_order_relaxed);
            r.minutes[i] = {minute_in(b), count_in(b)};
        }
        return r;
    }

    // The sum over the last `window_minutes` minutes, this one included.
    std::int64_t in_window(std::int64_t now_ms) const {
        const std::int64_t minute = minute_of(now_ms);
        std::int64_t sum = 0;
        for (const auto& bucket : buckets_) {
            const std::uint64_t b = bucket.load(std::memory_order_relaxed);
            const std::int64_t m = minute_in(b);
            if (m > minute - window_minutes && m <= minute) sum += count_in(b);
        }
        return sum;
    }

private:
    // A bucket is one 64-bit word: the minute (offset by 2^33, 34 bits: ±16 000 years around 1970, which
    // covers every date an HTTP server can send) above a count of 30 bits, which saturates at about 10^9 adds
    // in one minute. A fresh bucket (0) holds the earliest minute with a count of 0.
    static constexpr int count_bits = 30;
    static constexpr std::int64_t count_max = (std::int64_t{1} << count_bits) - 1;
    static constexpr std::int64_t minute_bias = std::int64_t{1} << 33;
    static constexpr std::int64_t earliest_minute = -minute_bias;
    static constexpr std::int64_t latest_minute = minute_bias - 1;

    // Floor division, so that the millisecond before the epoch is minute -1, not minute 0.
    static constexpr std::int64_t minute_of(std::int64_t ms) {
        const std::int64_t m = ms / 60'000 - (ms % 60'000 < 0 ? 1 : 0);
        return std::clamp(m, earliest_minute, latest_minute);
    }
    static constexpr std::size_t bucket_of(std::int64_t minute) {
        const std::int64_t r = minute % window_minutes;
        return static_cast<std::size_t>(r < 0 ? r + window_minutes : r);
    }
    static constexpr std::uint64_t pack(std::int64_t minute, std::int64_t count, std::int64_t n) {
        const std::int64_t sum = count + std::clamp<std::int64_t>(n, 0, count_max - count);
        return static_cast<std::uint64_t>(minute + minute_bias) << count_bits | static_cast<std::uint64_t>(sum);
    }
    static constexpr std::int64_t minute_in(std::uint64_t b) {
        return static_cast<std::int64_t>(b >> count_bits) - minute_bias;
    }
    static constexpr std::int64_t count_in(std::uint64_t b) { return static_cast<std::int64_t>(b & count_max); }

    static_assert(std::atomic<std::uint64_t>::is_always_lock_free);
    std::array<std::atomic<std::uint64_t>, window_minutes> buckets_{};
    std::atomic<std::int64_t> total_{0};
};

}  // namespace tether::health
