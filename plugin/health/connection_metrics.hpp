// What a connection has been through, counted cheaply on the call path (atomics) and read only when a
// health document is built: calls and outcomes per operation, 401s per operation, 403s per resource, 429s,
// 5xx, retries, refreshes, and the first failure of the last failed call.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "plugin/core/outcome.hpp"
#include "plugin/health/windowed_counter.hpp"

namespace tether::health {

struct operation_counters {
    windowed_counter calls;
    windowed_counter errors;
    windowed_counter unauthorized;  // 401 responses seen
    std::array<std::atomic<std::int64_t>, status_count> by_status{};  // final statuses, all time
};

struct failure_note {
    std::string operation;
    attempt first_failure;
    status code = status::ok;
    std::int64_t at_ms = 0;
};

class connection_metrics {
public:
    explicit connection_metrics(std::vector<std::string> operation_names);

    // One HTTP response (or transport failure) of an API call.
    void record_response(std::size_t op, int http_status, std::int64_t now_ms);
    // The end of a call: its final status, retries and whether the retry budget ran out.
    void record_call(std::size_t op, const outcome& result, int retries, bool budget_exhausted, std::int64_t now_ms);
    // A 403 about a resource ("sheet 2004").
    void record_forbidden(const std::string& resource, std::int64_t now_ms);
    void record_refresh(bool success, std::int64_t now_ms);

    // Index of an operation name, or npos.
    std::size_t index_of(const std::string& operation) const;
    const std::vector<std::string>& operation_names() const { return names_; }
    const operation_counters& operation(std::size_t i) const { return *ops_[i]; }

    windowed_counter rate_limited;   // 429
    windowed_counter server_errors;  // 5xx
    windowed_counter retries;
    windowed_counter budget_exhausted;
    windowed_counter refresh_attempts;
    windowed_counter refresh_successes;

    struct resource_count {
        std::string resource;
        std::int64_t window = 0;
        std::int64_t total = 0;
    };
    std::vector<resource_count> forbidden_resources(std::int64_t now_ms) const;
    std::optional<failure_note> last_failure() const;

private:
    std::vector<std::string> names_;
    std::vector<std::unique_ptr<operation_counters>> ops_;
    mutable std::mutex rare_mutex_;  // 403s and failures are rare: a map under a mutex is fine
    std::map<std::string, std::unique_ptr<windowed_counter>> forbidden_;
    std::optional<failure_note> last_failure_;
};

}  // namespace tether::health
