// What a connection has been through in this process, counted cheaply on the call path (atomics) and read
// only when health is built or shared: calls and outcomes per operation, 401s per operation, 403s per
// resource, 429s, 5xx, retries, refreshes, and the first failure of the last failed call.
//
// Nothing is allocated until the first event: an idle connection costs one pointer. What was counted leaves
// as evidence (plugin/health/health_evidence.hpp), either all of it or the part not shared yet.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "plugin/core/outcome.hpp"
#include "plugin/health/health_evidence.hpp"
#include "plugin/health/windowed_counter.hpp"

namespace tether::health {

class connection_metrics {
public:
    // `operation_names` (the manifest's, in order) outlives the metrics: it is shared by every connection.
    explicit connection_metrics(const std::vector<std::string>& operation_names);
    explicit connection_metrics(std::vector<std::string>&& operation_names) = delete;  // kept by reference
    ~connection_metrics();
    connection_metrics(const connection_metrics&) = delete;
    connection_metrics& operator=(const connection_metrics&) = delete;

    // One HTTP response (or transport failure) of an API call.
    void record_response(std::size_t op, int http_status, std::int64_t now_ms);
    // The end of a call: its final status, retries and whether the retry budget ran out.
    void record_call(std::size_t op, const outcome& result, int retries, bool budget_exhausted, std::int64_t now_ms);
    // A 403 about a resource ("sheet 2004"). True the first time this process sees that resource refused.
    bool record_forbidden(const std::string& resource, std::int64_t now_ms);
    void record_refresh(bool success, std::int64_t now_ms);

    // Index of an operation name, or npos.
    std::size_t index_of(const std::string& operation) const;
    const std::vector<std::string>& operation_names() const { return names_; }

    // Everything this process counted.
    health_evidence evidence() const;
    // What was counted since the previous take (all of it the first time), plus what a failed share gave
    // back. Serialized with give_back by the caller (one sharer per connection).
    health_evidence take_unshared();
    // Evidence that could not be shared: it is added to the next take.
    void give_back(health_evidence unshared);
    // True when something was counted since the previous take.
    bool has_unshared() const { return unshared_.load(std::memory_order_relaxed); }

private:
    struct operation_counters {
        windowed_counter calls;
        windowed_counter errors;
        windowed_counter unauthorized;
        std::array<std::atomic<std::int64_t>, status_count> by_status{};
    };
    struct counters;  // everything counted; allocated on the first event
    struct shared_mark;  // what the previous take saw

    counters& live();
    const counters* live_if_any() const { return live_.load(std::memory_order_acquire); }
    void touch() {
        if (!unshared_.load(std::memory_order_relaxed)) unshared_.store(true, std::memory_order_relaxed);
    }

    const std::vector<std::string>& names_;
    std::atomic<counters*> live_{nullptr};
    std::atomic<bool> unshared_{false};
    std::unique_ptr<shared_mark> mark_;  // guarded by the caller of take_unshared/give_back
};

}  // namespace tether::health
