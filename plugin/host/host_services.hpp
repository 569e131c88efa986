// The services the host provides (storage, lease, log, clock, sleep, randomness), as the engine sees them.
// plugin/abi adapts the C host table to this interface; tests implement it directly with fakes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "plugin/core/status.hpp"

namespace tether {

enum class log_level : int { off = 0, error = 1, warn = 2, info = 3, debug = 4, trace = 5 };

// A connection's stored record: an opaque JSON blob and its CAS version (0 = no record).
struct stored_record {
    std::string data;
    std::uint64_t version = 0;
};

class host_services {
public:
    virtual ~host_services() = default;

    // Reads the record of a connection; leaves `out` empty with version 0 when there is none.
    // Returns ok or storage_error.
    virtual status load_record(std::string_view connection_id, stored_record& out) = 0;
    // Compare-and-swap: writes `data` as version expected_version + 1 iff the current version is
    // expected_version. Returns ok, conflict or storage_error.
    virtual status store_record(std::string_view connection_id, std::uint64_t expected_version,
                                std::string_view data) = 0;

    virtual bool has_lease() const = 0;
    // Returns ok (taken), conflict (held by another owner) or storage_error.
    virtual status acquire_lease(std::string_view name, std::string_view owner, std::int64_t ttl_ms) = 0;
    virtual status release_lease(std::string_view name, std::string_view owner) = 0;

    // True when a line at `level` would reach the host; check it before formatting anything.
    virtual bool log_enabled(log_level level) const = 0;
    // `message` must already be redacted.
    virtual void log(log_level level, std::string_view message, std::string_view connection_id,
                     std::string_view operation) = 0;

    virtual std::int64_t now_ms() = 0;
    virtual void sleep_ms(std::int64_t ms) = 0;
    // Returns ok or host_error.
    virtual status random_bytes(std::span<std::byte> out) = 0;
};

}  // namespace tether

namespace tether {

// A uniform number in [0, 1) from the host's random source (0.5 if the source fails: a neutral jitter).
inline double random_unit(host_services& host) {
    std::uint32_t bits = 0;
    if (host.random_bytes(std::as_writable_bytes(std::span(&bits, 1))) != status::ok) return 0.5;
    return static_cast<double>(bits) / 4294967296.0;
}

}  // namespace tether
