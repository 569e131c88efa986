// A minimal C host table for ABI tests: an in-memory CAS store and a capturing log, all plain C callbacks.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "tether/tether.h"

namespace tether_test {

struct memory_host {
    std::mutex mutex;
    std::map<std::string, std::pair<std::string, std::uint64_t>> records;
    std::vector<std::string> log_lines;

    static tether_status load(void* ctx, const char* id, tether_record_out* out) {
        auto* self = static_cast<memory_host*>(ctx);
        std::lock_guard lock(self->mutex);
        auto it = self->records.find(id);
        if (it != self->records.end())
            out->set(out, it->second.first.data(), it->second.first.size(), it->second.second);
        return TETHER_OK;
    }

    static tether_status store(void* ctx, const char* id, std::uint64_t expected, const char* data, std::size_t size) {
        auto* self = static_cast<memory_host*>(ctx);
        std::lock_guard lock(self->mutex);
        auto& slot = self->records[id];
        if (slot.second != expected) return TETHER_CONFLICT;
        slot = {std::string(data, size), expected + 1};
        return TETHER_OK;
    }

    static void log(void* ctx, const tether_log_entry* entry) {
        auto* self = static_cast<memory_host*>(ctx);
        std::lock_guard lock(self->mutex);
        self->log_lines.emplace_back(entry->message);
    }

    tether_host table() {
        tether_host host = TETHER_HOST_INIT;
        host.storage_ctx = this;
        host.load = &load;
        host.store = &store;
        host.log_ctx = this;
        host.log = &log;
        host.log_level = TETHER_LOG_TRACE;
        return host;
    }
};

inline std::string smartsheet_manifest_path() { return std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml"; }

}  // namespace tether_test
