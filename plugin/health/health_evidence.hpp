// Health evidence as plain, mergeable data: counters in wall-clock minute buckets (so that every process of a
// fleet files an event under the same minute), per-operation and per-resource counts, and the last failure.
// It is what a process adds to the connection's shared health record, what that record holds, and what a
// health document is built from. Pure: merge, prune, and the JSON form are tested without storage.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "plugin/health/windowed_counter.hpp"

namespace tether::health {

// Resources with their own 403 counts in a shared record; the rest are summed under other_resources.
inline constexpr std::size_t max_forbidden_resources = 50;
inline constexpr std::string_view other_resources = "(other)";

struct counter_evidence {
    std::int64_t total = 0;
    std::map<std::int64_t, std::int64_t> minutes;  // minute since the epoch → count

    void add(std::int64_t now_ms, std::int64_t n = 1);
    // The sum over the last window_minutes minutes, the one of now_ms included.
    std::int64_t in_window(std::int64_t now_ms) const;
    bool empty() const { return total == 0 && minutes.empty(); }
};

struct operation_evidence {
    counter_evidence calls;
    counter_evidence errors;
    counter_evidence unauthorized;               // 401 responses
    std::map<std::string, std::int64_t> by_status;  // final status name → calls, all time
};

struct failure_evidence {
    std::string operation;
    std::string status;  // a status name
    std::int64_t at_ms = 0;
    int http_status = 0;
    long long provider_code = 0;
    std::string ref_id;
    std::string transport_error;
};

struct health_evidence {
    std::map<std::string, operation_evidence> operations;
    std::map<std::string, counter_evidence> forbidden;  // "sheet 2004" → 403s
    counter_evidence rate_limited;                      // 429
    counter_evidence server_errors;                     // 5xx
    counter_evidence retries;
    counter_evidence budget_exhausted;
    counter_evidence refresh_attempts;
    counter_evidence refresh_successes;
    std::optional<failure_evidence> last_failure;

    bool empty() const;
};

std::int64_t minute_of(std::int64_t ms);

// Adds `delta` into `into`; the later last failure wins.
void merge(health_evidence& into, const health_evidence& delta);
// Drops minutes that left the window, and folds the resources beyond max_forbidden_resources (those with the
// fewest 403s) into other_resources: a shared record stays small whatever the traffic.
void prune(health_evidence& e, std::int64_t now_ms);

std::string to_json(const health_evidence& e);
// The evidence of a stored health record, or what is wrong with it.
std::variant<health_evidence, std::string> parse_evidence(std::string_view json);

}  // namespace tether::health
