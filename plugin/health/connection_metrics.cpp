// Per-connection counters, allocated on first use, and the evidence they give: all of it, or what was counted
// since it was last shared.
#include "plugin/health/connection_metrics.hpp"

#include <algorithm>

namespace tether::health {

struct connection_metrics::counters {
    explicit counters(std::size_t operations) : ops(operations) {}

    std::vector<operation_counters> ops;
    windowed_counter rate_limited;   // 429
    windowed_counter server_errors;  // 5xx
    windowed_counter retries;
    windowed_counter budget_exhausted;
    windowed_counter refresh_attempts;
    windowed_counter refresh_successes;

    mutable std::mutex rare_mutex;  // 403s and failures are rare: a map under a mutex is fine
    std::map<std::string, std::unique_ptr<windowed_counter>> forbidden;
    std::optional<failure_evidence> last_failure;
    std::uint64_t failure_sequence = 0;  // guarded by rare_mutex; tells a take whether the failure is new
};

// The readings the previous take saw, counter by counter, in the order visit() walks them.
struct connection_metrics::shared_mark {
    std::vector<windowed_counter::reading> readings;
    std::map<std::string, windowed_counter::reading> forbidden;
    std::vector<std::array<std::int64_t, status_count>> by_status;
    std::uint64_t failure_sequence = 0;
    health_evidence given_back;
};

namespace {

// The evidence of a counter between two readings (a default reading: since the start).
counter_evidence between(const windowed_counter::reading& before, const windowed_counter::reading& now) {
    counter_evidence c;
    c.total = now.total - before.total;
    for (std::size_t i = 0; i < now.minutes.size(); ++i) {
        const auto [minute, count] = now.minutes[i];
        const std::int64_t earlier = before.minutes[i].first == minute ? before.minutes[i].second : 0;
        if (count > earlier) c.minutes[minute] += count - earlier;
    }
    return c;
}

counter_evidence all_of(const windowed_counter& counter) { return between({}, counter.read()); }

}  // namespace

connection_metrics::connection_metrics(const std::vector<std::string>& operation_names) : names_(operation_names) {}

connection_metrics::~connection_metrics() { delete live_.load(std::memory_order_acquire); }

connection_metrics::counters& connection_metrics::live() {
    if (auto* c = live_.load(std::memory_order_acquire)) return *c;
    auto fresh = std::make_unique<counters>(names_.size());
    counters* expected = nullptr;
    if (live_.compare_exchange_strong(expected, fresh.get(), std::memory_order_acq_rel)) return *fresh.release();
    return *expected;  // another thread's won
}

std::size_t connection_metrics::index_of(const std::string& operation) const {
    const auto it = std::find(names_.begin(), names_.end(), operation);
    return it == names_.end() ? std::string::npos : static_cast<std::size_t>(it - names_.begin());
}

void connection_metrics::record_response(std::size_t op, int http_status, std::int64_t now_ms) {
    if (http_status != 401 && http_status != 429 && http_status < 500) return;
    auto& c = live();
    touch();
    if (http_status == 401 && op < c.ops.size()) c.ops[op].unauthorized.add(now_ms);
    if (http_status == 429) c.rate_limited.add(now_ms);
    if (http_status >= 500) c.server_errors.add(now_ms);
}

void connection_metrics::record_call(std::size_t op, const outcome& result, int retry_count, bool exhausted,
                                     std::int64_t now_ms) {
    auto& c = live();
    touch();
    if (retry_count > 0) c.retries.add(now_ms, retry_count);
    if (exhausted) c.budget_exhausted.add(now_ms);
    if (op < c.ops.size()) {
        auto& o = c.ops[op];
        o.calls.add(now_ms);
        if (result.code != status::ok) o.errors.add(now_ms);
        const auto s = static_cast<std::size_t>(result.code);
        if (s < o.by_status.size()) o.by_status[s].fetch_add(1, std::memory_order_relaxed);
    }
    if (result.code == status::ok) return;
    const attempt first = result.first_failure.value_or(attempt{});
    failure_evidence note;
    note.operation = op < names_.size() ? names_[op] : std::string();
    note.status = std::string(status_name(result.code));
    note.at_ms = now_ms;
    note.http_status = first.http_status;
    note.provider_code = first.provider_code;
    note.ref_id = first.ref_id;
    note.transport_error = first.transport_error;
    std::lock_guard lock(c.rare_mutex);
    c.last_failure = std::move(note);
    ++c.failure_sequence;
}

bool connection_metrics::record_forbidden(const std::string& resource, std::int64_t now_ms) {
    auto& c = live();
    touch();
    std::lock_guard lock(c.rare_mutex);
    auto& counter = c.forbidden[resource];
    const bool first = !counter;
    if (first) counter = std::make_unique<windowed_counter>();
    counter->add(now_ms);
    return first;
}

void connection_metrics::record_refresh(bool success, std::int64_t now_ms) {
    auto& c = live();
    touch();
    c.refresh_attempts.add(now_ms);
    if (success) c.refresh_successes.add(now_ms);
}

health_evidence connection_metrics::evidence() const {
    health_evidence e;
    const counters* c = live_if_any();
    if (c == nullptr) return e;
    for (std::size_t i = 0; i < c->ops.size(); ++i) {
        const auto& o = c->ops[i];
        if (o.calls.total() == 0 && o.unauthorized.total() == 0) continue;
        auto& op = e.operations[names_[i]];
        op.calls = all_of(o.calls);
        op.errors = all_of(o.errors);
        op.unauthorized = all_of(o.unauthorized);
        for (int s = 0; s < status_count; ++s)
            if (const auto n = o.by_status[static_cast<std::size_t>(s)].load(std::memory_order_relaxed); n > 0)
                op.by_status[std::string(status_name(static_cast<status>(s)))] = n;
    }
    e.rate_limited = all_of(c->rate_limited);
    e.server_errors = all_of(c->server_errors);
    e.retries = all_of(c->retries);
    e.budget_exhausted = all_of(c->budget_exhausted);
    e.refresh_attempts = all_of(c->refresh_attempts);
    e.refresh_successes = all_of(c->refresh_successes);
    std::lock_guard lock(c->rare_mutex);
    for (const auto& [resource, counter] : c->forbidden) e.forbidden[resource] = all_of(*counter);
    e.last_failure = c->last_failure;
    return e;
}

health_evidence connection_metrics::take_unshared() {
    health_evidence delta;
    unshared_.store(false, std::memory_order_relaxed);  // before reading: an event counted now is seen next time
    counters* c = live_.load(std::memory_order_acquire);
    if (c == nullptr && !mark_) return delta;  // nothing ever counted: nothing allocated for it either
    if (!mark_) mark_ = std::make_unique<shared_mark>();
    std::swap(delta, mark_->given_back);
    if (c == nullptr) return delta;

    auto& m = *mark_;
    const std::size_t singles = 6;
    m.readings.resize(singles + 3 * c->ops.size());
    m.by_status.resize(c->ops.size());
    std::size_t slot = 0;
    auto step = [&](const windowed_counter& counter) {
        auto now = counter.read();
        counter_evidence d = between(m.readings[slot], now);
        m.readings[slot++] = now;
        return d;
    };
    health_evidence fresh;
    fresh.rate_limited = step(c->rate_limited);
    fresh.server_errors = step(c->server_errors);
    fresh.retries = step(c->retries);
    fresh.budget_exhausted = step(c->budget_exhausted);
    fresh.refresh_attempts = step(c->refresh_attempts);
    fresh.refresh_successes = step(c->refresh_successes);
    for (std::size_t i = 0; i < c->ops.size(); ++i) {
        auto& o = c->ops[i];
        operation_evidence op;
        op.calls = step(o.calls);
        op.errors = step(o.errors);
        op.unauthorized = step(o.unauthorized);
        for (int s = 0; s < status_count; ++s) {
            const auto n = o.by_status[static_cast<std::size_t>(s)].load(std::memory_order_relaxed);
            auto& seen = m.by_status[i][static_cast<std::size_t>(s)];
            if (n > seen) op.by_status[std::string(status_name(static_cast<status>(s)))] = n - seen;
            seen = n;
        }
        if (!op.calls.empty() || !op.unauthorized.empty() || !op.errors.empty() || !op.by_status.empty())
            fresh.operations[names_[i]] = std::move(op);
    }
    {
        std::lock_guard lock(c->rare_mutex);
        for (const auto& [resource, counter] : c->forbidden) {
            auto now = counter->read();
            auto d = between(m.forbidden[resource], now);
            m.forbidden[resource] = now;
            if (!d.empty()) fresh.forbidden[resource] = std::move(d);
        }
        if (c->failure_sequence != m.failure_sequence) {
            fresh.last_failure = c->last_failure;
            m.failure_sequence = c->failure_sequence;
        }
    }
    merge(delta, fresh);
    return delta;
}

void connection_metrics::give_back(health_evidence unshared) {
    if (!mark_) mark_ = std::make_unique<shared_mark>();
    merge(mark_->given_back, unshared);
}

}  // namespace tether::health
