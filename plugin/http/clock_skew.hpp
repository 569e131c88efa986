// The provider's clock as seen from ours: estimated from the Date header of its responses, so that expiry
// decisions compare times on one clock (the provider's) whatever our host's clock says.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tether::http {

// How far the provider's clock may be from ours: a year. A Date farther away comes from a broken clock — and
// it is the provider's, not ours: a host clock a year off could not have checked the provider's TLS
// certificate. Such a Date is ignored, and any offset (also one read from storage) is clamped to this.
inline constexpr std::int64_t max_clock_offset_ms = 366LL * 24 * 3600 * 1000;

// The offset clamped to ±max_clock_offset_ms.
std::int64_t clamp_clock_offset(std::int64_t offset_ms);

// The instant a Date header names, when it is readable and within max_clock_offset_ms of our clock when the
// response arrived; nullopt otherwise (the response is then dated by our clock and the current estimate).
std::optional<std::int64_t> believable_date(std::int64_t local_received_ms, std::string_view date_header);

// provider_time - our_time, from one response: its Date (whole seconds, so +500 ms for the midpoint) minus
// our clock when it arrived. Offsets within ±1.5 s are noise and read as 0. nullopt for a Date that is not
// believable (above).
std::optional<std::int64_t> skew_from_date(std::int64_t local_received_ms, std::string_view date_header);

// The latest estimate, shared by every connection of a connector. Lock-free; safe from any thread.
class clock_skew {
public:
    void observe(std::int64_t local_received_ms, std::string_view date_header) {
        if (const auto offset = skew_from_date(local_received_ms, date_header)) {
            offset_.store(*offset, std::memory_order_relaxed);
            observed_.store(true, std::memory_order_relaxed);
        }
    }
    // Until this process has seen a response of its own, an estimate another process stored is the best
    // guess (a new worker must not take an expired token for a fresh one).
    void seed(std::int64_t offset_ms) {
        if (!observed_.load(std::memory_order_relaxed))
            offset_.store(clamp_clock_offset(offset_ms), std::memory_order_relaxed);
    }
    bool observed() const { return observed_.load(std::memory_order_relaxed); }
    std::int64_t offset_ms() const { return offset_.load(std::memory_order_relaxed); }
    // Our time → the provider's (adding the offset: a provider ahead of us has a positive offset).
    std::int64_t provider_now(std::int64_t local_ms) const { return local_ms + offset_ms(); }

private:
    std::atomic<std::int64_t> offset_{0};
    std::atomic<bool> observed_{false};
};

}  // namespace tether::http
