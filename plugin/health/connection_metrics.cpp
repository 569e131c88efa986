// Per-connection counters for health documents and Prometheus.
#include "plugin/health/connection_metrics.hpp"

#include <algorithm>

namespace tether::health {

connection_metrics::connection_metrics(std::vector<std::string> operation_names) : names_(std::move(operation_names)) {
    ops_.reserve(names_.size());
    for (std::size_t i = 0; i < names_.size(); ++i) ops_.push_back(std::make_unique<operation_counters>());
}

std::size_t connection_metrics::index_of(const std::string& operation) const {
    const auto it = std::find(names_.begin(), names_.end(), operation);
    return it == names_.end() ? std::string::npos : static_cast<std::size_t>(it - names_.begin());
}

void connection_metrics::record_response(std::size_t op, int http_status, std::int64_t now_ms) {
    if (http_status == 401 && op < ops_.size()) ops_[op]->unauthorized.add(now_ms);
    if (http_status == 429) rate_limited.add(now_ms);
    if (http_status >= 500) server_errors.add(now_ms);
}

void connection_metrics::record_call(std::size_t op, const outcome& result, int retry_count, bool exhausted,
                                     std::int64_t now_ms) {
    if (retry_count > 0) retries.add(now_ms, retry_count);
    if (exhausted) budget_exhausted.add(now_ms);
    if (op < ops_.size()) {
        auto& c = *ops_[op];
        c.calls.add(now_ms);
        if (result.code != status::ok) c.errors.add(now_ms);
        const auto s = static_cast<std::size_t>(result.code);
        if (s < c.by_status.size()) c.by_status[s].fetch_add(1, std::memory_order_relaxed);
    }
    if (result.code != status::ok) {
        failure_note note;
        note.operation = op < names_.size() ? names_[op] : std::string();
        note.first_failure = result.first_failure.value_or(attempt{});
        note.code = result.code;
        note.at_ms = now_ms;
        std::lock_guard lock(rare_mutex_);
        last_failure_ = std::move(note);
    }
}

void connection_metrics::record_forbidden(const std::string& resource, std::int64_t now_ms) {
    std::lock_guard lock(rare_mutex_);
    auto& counter = forbidden_[resource];
    if (!counter) counter = std::make_unique<windowed_counter>();
    counter->add(now_ms);
}

void connection_metrics::record_refresh(bool success, std::int64_t now_ms) {
    refresh_attempts.add(now_ms);
    if (success) refresh_successes.add(now_ms);
}

std::vector<connection_metrics::resource_count> connection_metrics::forbidden_resources(std::int64_t now_ms) const {
    std::lock_guard lock(rare_mutex_);
    std::vector<resource_count> out;
    for (const auto& [resource, counter] : forbidden_)
        out.push_back({resource, counter->in_window(now_ms), counter->total()});
    return out;
}

std::optional<failure_note> connection_metrics::last_failure() const {
    std::lock_guard lock(rare_mutex_);
    return last_failure_;
}

}  // namespace tether::health
