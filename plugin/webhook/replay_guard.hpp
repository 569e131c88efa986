// Replay protection for webhook callbacks: a callback whose nonce was already accepted, or whose timestamp
// lies outside the window, is refused. The nonce memory is bounded in size and forgets what the window has
// made stale anyway; time comes from the caller (the host's clock), never from here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>

namespace tether::webhook {

enum class replay_verdict { fresh, replayed, stale };

std::string_view to_string(replay_verdict v) noexcept;

// Pure: whether a callback stamped `timestamp_ms` is within `window_ms` of `now_ms` (either side, so that a
// sender's clock a little ahead is not refused). No timestamp cannot be shown fresh: stale.
replay_verdict judge_age(std::optional<std::int64_t> timestamp_ms, std::int64_t now_ms, std::int64_t window_ms);

// Thread-safe.
class replay_guard {
public:
    static constexpr std::size_t default_capacity = 10'000;
    explicit replay_guard(std::size_t capacity = default_capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

    // Judges one callback of `webhook_id` and, when it is fresh, remembers its nonce. An empty nonce cannot be
    // told apart from a replay: replayed. When more than `capacity` nonces are within the window the oldest
    // is forgotten (a replay of it would then pass the nonce check, not the age check once it is stale).
    replay_verdict admit(std::int64_t webhook_id, std::string_view nonce, std::optional<std::int64_t> timestamp_ms,
                         std::int64_t now_ms, std::int64_t window_ms);

    std::size_t remembered() const;

private:
    struct seen {
        std::string key;
        std::int64_t at_ms;
    };
    struct memory {
        std::deque<seen> order;                // oldest first
        std::unordered_set<std::string> keys;  // the same keys, for lookup
    };
    const std::size_t capacity_;
    mutable std::mutex mutex_;
    // Made on the first callback: every connection has a guard, and most never receive a webhook (an empty
    // deque alone allocates over half a kilobyte).
    std::unique_ptr<memory> memory_;
};

}  // namespace tether::webhook
