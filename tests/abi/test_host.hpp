// A C host table for ABI tests: an in-memory CAS store with leases, a capturing log, an optional clock and a
// random source, all plain C callbacks — each of load, store, lease and random can be told to fail.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "tether/tether.h"

namespace tether_test {

struct memory_host {
    std::mutex mutex;
    std::map<std::string, std::pair<std::string, std::uint64_t>> records;
    std::vector<std::string> log_lines;

    // Set to make a callback fail as a broken host's would: storage and lease answer TETHER_STORAGE_ERROR,
    // random TETHER_HOST_ERROR.
    std::atomic<bool> fail_load{false};
    std::atomic<bool> fail_store{false};
    std::atomic<bool> fail_lease{false};
    std::atomic<bool> fail_random{false};

    // When true, table() offers the cross-process lease (both callbacks).
    bool offer_lease = false;
    // When set, table() makes time virtual: tether reads this clock and its sleeps return at once.
    std::function<std::int64_t()> clock;

    // name → (owner, expiry in ms on the host's clock)
    std::map<std::string, std::pair<std::string, std::int64_t>> leases;
    std::mt19937_64 random{std::random_device{}()};

    static tether_status load(void* ctx, const char* id, tether_record_out* out) {
        auto* self = static_cast<memory_host*>(ctx);
        if (self->fail_load) return TETHER_STORAGE_ERROR;
        std::lock_guard lock(self->mutex);
        auto it = self->records.find(id);
        if (it != self->records.end())
            out->set(out, it->second.first.data(), it->second.first.size(), it->second.second);
        return TETHER_OK;
    }

    static tether_status store(void* ctx, const char* id, std::uint64_t expected, const char* data, std::size_t size) {
        auto* self = static_cast<memory_host*>(ctx);
        if (self->fail_store) return TETHER_STORAGE_ERROR;
        std::lock_guard lock(self->mutex);
        auto& slot = self->records[id];
        if (slot.second != expected) return TETHER_CONFLICT;
        slot = {std::string(data, size), expected + 1};
        return TETHER_OK;
    }

    static tether_status lease_acquire(void* ctx, const char* name, const char* owner, std::int64_t ttl_ms) {
        auto* self = static_cast<memory_host*>(ctx);
        if (self->fail_lease) return TETHER_STORAGE_ERROR;
        const std::int64_t now = self->now();
        std::lock_guard lock(self->mutex);
        auto it = self->leases.find(name);
        if (it != self->leases.end() && it->second.first != owner && it->second.second > now) return TETHER_CONFLICT;
        self->leases[name] = {owner, now + ttl_ms};
        return TETHER_OK;
    }

    static tether_status lease_release(void* ctx, const char* name, const char* owner) {
        auto* self = static_cast<memory_host*>(ctx);
        if (self->fail_lease) return TETHER_STORAGE_ERROR;
        std::lock_guard lock(self->mutex);
        auto it = self->leases.find(name);
        if (it != self->leases.end() && it->second.first == owner) self->leases.erase(it);
        return TETHER_OK;
    }

    static void log(void* ctx, const tether_log_entry* entry) {
        auto* self = static_cast<memory_host*>(ctx);
        std::lock_guard lock(self->mutex);
        self->log_lines.emplace_back(entry->message);
    }

    static std::int64_t now_ms(void* ctx) { return static_cast<memory_host*>(ctx)->now(); }
    static void sleep_ms(void*, std::int64_t) {}

    static tether_status random_bytes(void* ctx, void* buf, std::size_t size) {
        auto* self = static_cast<memory_host*>(ctx);
        if (self->fail_random) return TETHER_HOST_ERROR;
        std::lock_guard lock(self->mutex);
        auto* bytes = static_cast<unsigned char*>(buf);
        for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<unsigned char>(self->random());
        return TETHER_OK;
    }

    std::int64_t now() const {
        if (clock) return clock();
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }

    tether_host table() {
        tether_host host = TETHER_HOST_INIT;
        host.storage_ctx = this;
        host.load = &load;
        host.store = &store;
        if (offer_lease) {
            host.lease_acquire = &lease_acquire;
            host.lease_release = &lease_release;
        }
        host.log_ctx = this;
        host.log = &log;
        host.log_level = TETHER_LOG_TRACE;
        if (clock) {
            host.clock_ctx = this;
            host.now_ms = &now_ms;
            host.sleep_ms = &sleep_ms;
        }
        host.random_ctx = this;
        host.random_bytes = &random_bytes;
        return host;
    }
};

inline std::string smartsheet_manifest_path() {
    return std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml";
}

}  // namespace tether_test
