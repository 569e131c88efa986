// tether/stores/memory_store.hpp — an in-memory storage for tests and simple single-process hosts.
// Header-only; implements tether::sdk::storage (records with compare-and-swap, and leases with expiry).
// Thread-safe. Records live as long as the object: nothing survives the process.
#ifndef TETHER_STORES_MEMORY_STORE_HPP
#define TETHER_STORES_MEMORY_STORE_HPP

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "tether/tether.hpp"

namespace tether::sdk {

class memory_store final : public storage {
public:
    // `now_ms` gives the time used for lease expiry; default: the system clock.
    explicit memory_store(std::function<std::int64_t()> now_ms = nullptr) : now_ms_(std::move(now_ms)) {}

    tether_status load(const std::string& connection_id, std::string& data, std::uint64_t& version) override {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = records_.find(connection_id);
        if (it != records_.end()) {
            data = it->second.data;
            version = it->second.version;
        }
        return TETHER_OK;
    }

    tether_status store(const std::string& connection_id, std::uint64_t expected_version,
                        std::string_view data) override {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = records_.find(connection_id);
        const std::uint64_t current = it == records_.end() ? 0 : it->second.version;
        if (current != expected_version) return TETHER_CONFLICT;
        records_[connection_id] = record{std::string(data), expected_version + 1};
        return TETHER_OK;
    }

    bool supports_lease() const override { return true; }

    tether_status lease_acquire(const std::string& name, const std::string& owner, std::int64_t ttl_ms) override {
        std::lock_guard<std::mutex> lock(mutex_);
        const std::int64_t now = current_ms();
        const auto it = leases_.find(name);
        if (it != leases_.end() && it->second.owner != owner && it->second.expires_ms > now) return TETHER_CONFLICT;
        leases_[name] = lease{owner, now + ttl_ms};
        return TETHER_OK;
    }

    tether_status lease_release(const std::string& name, const std::string& owner) override {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = leases_.find(name);
        if (it != leases_.end() && it->second.owner == owner) leases_.erase(it);
        return TETHER_OK;
    }

    // The stored record of a connection, for inspection (tests, admin tools); nullopt when none.
    std::optional<std::pair<std::string, std::uint64_t>> peek(const std::string& connection_id) const {
        std::lock_guard<std::mutex> lock(mutex_);
        const auto it = records_.find(connection_id);
        if (it == records_.end()) return std::nullopt;
        return std::make_pair(it->second.data, it->second.version);
    }

private:
    struct record {
        std::string data;
        std::uint64_t version = 0;
    };
    struct lease {
        std::string owner;
        std::int64_t expires_ms = 0;
    };

    std::int64_t current_ms() const {
        if (now_ms_) return now_ms_();
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }

    mutable std::mutex mutex_;
    std::map<std::string, record> records_;
    std::map<std::string, lease> leases_;
    std::function<std::int64_t()> now_ms_;
};

}  // namespace tether::sdk

#endif  // TETHER_STORES_MEMORY_STORE_HPP
