// The per-webhook counters behind the health document's "webhooks" section.
#include "plugin/health/webhook_counters.hpp"

namespace tether::health {

webhook_counters::entry& webhook_counters::entry_for(std::optional<std::int64_t> webhook_id) {
    std::int64_t id = webhook_id.value_or(0);
    if (id < 0 || (!entries_.contains(id) && entries_.size() >= max_tracked)) id = 0;
    auto& slot = entries_[id];
    if (!slot) {
        slot = std::make_unique<entry>();
        slot->facts.webhook_id = id;
    }
    return *slot;
}

void webhook_counters::record_challenge(std::optional<std::int64_t> webhook_id, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    entry_for(webhook_id).facts.last_challenge_ms = now_ms;
}

void webhook_counters::record_accepted(std::optional<std::int64_t> webhook_id, std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    entry& e = entry_for(webhook_id);
    e.accepted.add(now_ms);
    e.facts.last_accepted_ms = now_ms;
    e.facts.mismatch_run = 0;
    e.facts.mismatch_since_ms.reset();
}

void webhook_counters::record_refused(std::optional<std::int64_t> webhook_id, std::string_view reason,
                                      std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    entry& e = entry_for(webhook_id);
    e.refused.add(now_ms);
    ++e.facts.refused_by_reason[std::string(reason)];
    e.facts.last_refusal_reason = reason;
    e.facts.last_refusal_ms = now_ms;
    if (reason == "signature_mismatch") {
        if (e.facts.mismatch_run++ == 0) e.facts.mismatch_since_ms = now_ms;
    }
}

std::vector<webhook_activity> webhook_counters::snapshot(std::int64_t now_ms) const {
    std::lock_guard lock(mutex_);
    std::vector<webhook_activity> out;
    out.reserve(entries_.size());
    for (const auto& [id, e] : entries_) {
        webhook_activity a = e->facts;
        a.accepted_window = e->accepted.in_window(now_ms);
        a.accepted_total = e->accepted.total();
        a.refused_window = e->refused.in_window(now_ms);
        a.refused_total = e->refused.total();
        out.push_back(std::move(a));
    }
    return out;
}

}  // namespace tether::health
