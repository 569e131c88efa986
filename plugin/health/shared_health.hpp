// Health shared by every process that serves a connection: each process adds what it counted to one health
// record per connection in the host's storage (compare-and-swap of merged deltas, never the token record), and
// health of any process is built from that merged record. Shared when something worth knowing happened (a
// failed call, a refresh failure), at most once per share_interval_ms otherwise, when health is asked for, and
// when the connection closes — so a one-command process leaves its evidence behind. A successful call never
// writes to storage.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "plugin/health/connection_metrics.hpp"
#include "plugin/health/health_evidence.hpp"
#include "plugin/host/host_services.hpp"

namespace tether::health {

inline constexpr std::int64_t share_interval_ms = 5'000;

// The storage key of a connection's health record.
std::string health_record_key(std::string_view connection_id);

class shared_health {
public:
    // All three outlive it.
    shared_health(const std::string& connection_id, host_services& host, connection_metrics& metrics)
        : connection_id_(connection_id), host_(host), metrics_(metrics) {}
    // The id is kept by reference: a temporary would dangle.
    shared_health(std::string&& connection_id, host_services& host, connection_metrics& metrics) = delete;

    // Shares now when `urgent` (the first 403 on a resource, a reconnect verdict, a refresh failure), or when
    // there is something to share and share_interval_ms passed since the last share.
    void share_if_due(std::int64_t now_ms, bool urgent);
    // Shares what is unshared, whatever the time (closing, health).
    void share_now(std::int64_t now_ms);

    struct merged_view {
        health_evidence evidence;
        std::string problem;  // why the shared record could not be used (then: this process's evidence only)
    };
    // The evidence of every process, this one's included.
    merged_view merged(std::int64_t now_ms);

private:
    // Adds the unshared evidence to the stored record; the merged record, or nullopt with `problem` set (the
    // unshared evidence is kept for the next share). Caller holds mutex_.
    std::optional<health_evidence> share_locked(std::int64_t now_ms, std::string& problem);

    const std::string& connection_id_;
    host_services& host_;
    connection_metrics& metrics_;
    std::mutex mutex_;  // one share at a time per connection in this process
    std::int64_t last_share_ms_ = 0;
    bool shared_once_ = false;
};

}  // namespace tether::health
