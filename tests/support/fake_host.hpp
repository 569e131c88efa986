// Host services for engine tests, all under the test's control: in-memory CAS storage with failure injection,
// an optional lease, a fake clock (sleeping costs virtual time), deterministic randomness and captured logs.
#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/host/host_services.hpp"

namespace tether_test {

struct captured_log_line {
    tether::log_level level;
    std::string message;
    std::string connection_id;
    std::string operation;
};

class fake_host final : public tether::host_services {
public:
    // 2026-01-01T00:00:00Z: a realistic date, so HTTP dates and lifetimes read naturally in failures.
    static constexpr std::int64_t start_ms = 1'767'225'600'000;

    // ---- host_services ----
    tether::status load_record(std::string_view connection_id, tether::stored_record& out) override;
    tether::status store_record(std::string_view connection_id, std::uint64_t expected_version,
                                std::string_view data) override;
    bool has_lease() const override;
    tether::status acquire_lease(std::string_view name, std::string_view owner, std::int64_t ttl_ms) override;
    tether::status release_lease(std::string_view name, std::string_view owner) override;
    bool log_enabled(tether::log_level) const override { return true; }  // every line is checked for leaks
    void log(tether::log_level level, std::string_view message, std::string_view connection_id,
             std::string_view operation) override;
    std::int64_t now_ms() override;
    void sleep_ms(std::int64_t ms) override;
    tether::status random_bytes(std::span<std::byte> out) override;

    // ---- storage ----
    void fail_next_loads(int n);
    void fail_next_stores(int n);
    // While set, every store fails (a store that stays broken).
    void break_stores(bool broken);
    // Runs once, just before the next store is attempted (outside the host's lock): plays a sibling writing
    // in between.
    void before_next_store(std::function<void()> hook);
    int load_calls() const;
    int store_calls() const;
    // The record as JSON (null when there is none), its version (0 when none), and a write that bumps it.
    boost::json::value record(const std::string& connection_id) const;
    std::uint64_t version(const std::string& connection_id) const;
    void put_record(const std::string& connection_id, const std::string& json_text);

    // ---- lease (off unless enabled; a lease lapses after its time-to-live on the fake clock) ----
    void enable_lease(bool enabled = true);
    std::string lease_holder(const std::string& name) const;  // "" when free

    // ---- clock ----
    std::int64_t now() const;
    void advance(std::int64_t ms);
    std::vector<std::int64_t> sleeps() const;  // every sleep asked for, in order

    // ---- randomness ----
    // When set, random_bytes fails with host_error.
    void fail_random(bool failing);

    // ---- logs ----
    std::vector<captured_log_line> logs() const;
    std::vector<std::string> log_messages() const;
    // Fails the running test (without stopping it) for every secret that appears in full in a captured log
    // line, naming it by its redacted form only.
    void check_no_secret_in_logs(const std::vector<std::string>& secrets) const;

private:
    mutable std::mutex mutex_;
    std::map<std::string, tether::stored_record, std::less<>> records_;
    int loads_to_fail_ = 0;
    int stores_to_fail_ = 0;
    bool stores_broken_ = false;
    std::function<void()> before_next_store_;
    int load_calls_ = 0;
    int store_calls_ = 0;

    struct lease {
        std::string owner;
        std::int64_t expires_ms = 0;  // on the fake clock
    };
    bool lease_enabled_ = false;
    std::map<std::string, lease, std::less<>> leases_;

    std::int64_t now_ms_ = start_ms;
    std::vector<std::int64_t> sleeps_;

    bool random_failing_ = false;
    std::uint64_t random_counter_ = 0;

    std::vector<captured_log_line> logs_;
};

// The redacted form of each secret that appears in full in any of `texts` (empty secrets are ignored).
std::vector<std::string> leaked_secrets(const std::vector<std::string>& texts, const std::vector<std::string>& secrets);

}  // namespace tether_test
