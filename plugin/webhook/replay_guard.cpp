// The replay window and the bounded nonce memory behind it.
#include "plugin/webhook/replay_guard.hpp"

namespace tether::webhook {

std::string_view to_string(replay_verdict v) noexcept {
    switch (v) {
        case replay_verdict::fresh:
            return "fresh";
        case replay_verdict::replayed:
            return "replayed";
        case replay_verdict::stale:
            return "stale";
    }
    return "unknown";
}

replay_verdict judge_age(std::optional<std::int64_t> timestamp_ms, std::int64_t now_ms, std::int64_t window_ms) {
    if (!timestamp_ms) return replay_verdict::stale;
    // Compared as differences of values that both fit a time: no overflow for any stored int64 of a date.
    const std::int64_t age = now_ms > *timestamp_ms ? now_ms - *timestamp_ms : *timestamp_ms - now_ms;
    return age > window_ms ? replay_verdict::stale : replay_verdict::fresh;
}

replay_verdict replay_guard::admit(std::int64_t webhook_id, std::string_view nonce,
                                   std::optional<std::int64_t> timestamp_ms, std::int64_t now_ms,
                                   std::int64_t window_ms) {
    if (const auto age = judge_age(timestamp_ms, now_ms, window_ms); age != replay_verdict::fresh) return age;
    if (nonce.empty()) return replay_verdict::replayed;
    std::string key = std::to_string(webhook_id) + ":" + std::string(nonce);
    std::lock_guard lock(mutex_);
    if (!memory_) memory_ = std::make_unique<memory>();
    auto& [order, keys] = *memory_;
    // What the window has made stale can be forgotten: a replay of it is refused as stale. A nonce is kept for
    // two windows, since its timestamp may have been up to one window ahead when it was accepted.
    while (!order.empty() && now_ms - order.front().at_ms > 2 * window_ms) {
        keys.erase(order.front().key);
        order.pop_front();
    }
    if (keys.contains(key)) return replay_verdict::replayed;
    while (order.size() >= capacity_) {
        keys.erase(order.front().key);
        order.pop_front();
    }
    keys.insert(key);
    order.push_back(seen{std::move(key), now_ms});
    return replay_verdict::fresh;
}

std::size_t replay_guard::remembered() const {
    std::lock_guard lock(mutex_);
    return memory_ ? memory_->order.size() : 0;
}

}  // namespace tether::webhook
