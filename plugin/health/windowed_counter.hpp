// A counter over a sliding window of whole minutes, plus its all-time total. Lock-free: one relaxed atomic
// add on the call path; sums are computed only when a health document is built.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>

namespace tether::health {

inline constexpr int window_minutes = 15;

class windowed_counter {
public:
    void add(std::int64_t now_ms, std::int64_t n = 1) {
        total_.fetch_add(n, std::memory_order_relaxed);
        const std::int64_t minute = now_ms / 60'000;
        auto& b = buckets_[static_cast<std::size_t>(minute % window_minutes)];
        std::int64_t seen = b.minute.load(std::memory_order_relaxed);
        if (seen != minute && b.minute.compare_exchange_strong(seen, minute, std::memory_order_relaxed))
            b.count.store(0, std::memory_order_relaxed);  // the bucket's old minute left the window
        b.count.fetch_add(n, std::memory_order_relaxed);
    }

    std::int64_t total() const { return total_.load(std::memory_order_relaxed); }

    // The sum over the last `window_minutes` minutes, this one included.
    std::int64_t in_window(std::int64_t now_ms) const {
        const std::int64_t minute = now_ms / 60'000;
        std::int64_t sum = 0;
        for (const auto& b : buckets_) {
            const std::int64_t m = b.minute.load(std::memory_order_relaxed);
            if (m > minute - window_minutes && m <= minute) sum += b.count.load(std::memory_order_relaxed);
        }
        return sum;
    }

private:
    struct bucket {
        std::atomic<std::int64_t> minute{-1};
        std::atomic<std::int64_t> count{0};
    };
    std::array<bucket, window_minutes> buckets_{};
    std::atomic<std::int64_t> total_{0};
};

}  // namespace tether::health
