// The fake host: every service answers from memory under one lock, and every failure is injected by the test.
#include "tests/support/fake_host.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>
#include <utility>

#include "plugin/core/redact.hpp"

namespace tether_test {

namespace {

// SplitMix64: a counter-based sequence, so the bytes are the same on every run and differ from call to call.
std::uint64_t mix(std::uint64_t counter) {
    std::uint64_t z = counter + 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

// ---- storage ----------------------------------------------------------------------------------------------

tether::status fake_host::load_record(std::string_view connection_id, tether::stored_record& out) {
    std::lock_guard lock(mutex_);
    ++load_calls_;
    out = {};
    if (loads_to_fail_ > 0) {
        --loads_to_fail_;
        return tether::status::storage_error;
    }
    if (auto it = records_.find(connection_id); it != records_.end()) out = it->second;
    return tether::status::ok;
}

tether::status fake_host::store_record(std::string_view connection_id, std::uint64_t expected_version,
                                       std::string_view data) {
    std::function<void()> hook;
    {
        std::lock_guard lock(mutex_);
        ++store_calls_;
        hook = std::exchange(before_next_store_, nullptr);
    }
    if (hook) hook();  // outside the lock: the hook writes through put_record
    std::lock_guard lock(mutex_);
    if (stores_broken_) return tether::status::storage_error;
    if (stores_to_fail_ > 0) {
        --stores_to_fail_;
        return tether::status::storage_error;
    }
    auto it = records_.find(connection_id);
    const std::uint64_t current = it == records_.end() ? 0 : it->second.version;
    if (current != expected_version) return tether::status::conflict;
    if (it == records_.end()) it = records_.emplace(std::string(connection_id), tether::stored_record{}).first;
    it->second = {std::string(data), expected_version + 1};
    return tether::status::ok;
}

void fake_host::fail_next_loads(int n) {
    std::lock_guard lock(mutex_);
    loads_to_fail_ = n;
}

void fake_host::fail_next_stores(int n) {
    std::lock_guard lock(mutex_);
    stores_to_fail_ = n;
}

void fake_host::break_stores(bool broken) {
    std::lock_guard lock(mutex_);
    stores_broken_ = broken;
}

void fake_host::before_next_store(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    before_next_store_ = std::move(hook);
}

int fake_host::load_calls() const {
    std::lock_guard lock(mutex_);
    return load_calls_;
}

int fake_host::store_calls() const {
    std::lock_guard lock(mutex_);
    return store_calls_;
}

boost::json::value fake_host::record(const std::string& connection_id) const {
    std::lock_guard lock(mutex_);
    auto it = records_.find(connection_id);
    if (it == records_.end()) return nullptr;
    return boost::json::parse(it->second.data);
}

std::uint64_t fake_host::version(const std::string& connection_id) const {
    std::lock_guard lock(mutex_);
    auto it = records_.find(connection_id);
    return it == records_.end() ? 0 : it->second.version;
}

void fake_host::put_record(const std::string& connection_id, const std::string& json_text) {
    std::lock_guard lock(mutex_);
    auto& slot = records_[connection_id];
    slot = {json_text, slot.version + 1};
}

// ---- lease ------------------------------------------------------------------------------------------------

bool fake_host::has_lease() const {
    std::lock_guard lock(mutex_);
    return lease_enabled_;
}

tether::status fake_host::acquire_lease(std::string_view name, std::string_view owner, std::int64_t ttl_ms) {
    std::lock_guard lock(mutex_);
    auto it = leases_.find(name);
    // A lease past its time-to-live is free again, as a host's lease would be after a holder crashed.
    const bool free = it == leases_.end() || it->second.owner == owner || it->second.expires_ms <= now_ms_;
    if (!free) return tether::status::conflict;
    leases_[std::string(name)] = {std::string(owner), now_ms_ + ttl_ms};
    return tether::status::ok;
}

tether::status fake_host::release_lease(std::string_view name, std::string_view owner) {
    std::lock_guard lock(mutex_);
    if (auto it = leases_.find(name); it != leases_.end() && it->second.owner == owner) leases_.erase(it);
    return tether::status::ok;
}

void fake_host::enable_lease(bool enabled) {
    std::lock_guard lock(mutex_);
    lease_enabled_ = enabled;
}

std::string fake_host::lease_holder(const std::string& name) const {
    std::lock_guard lock(mutex_);
    auto it = leases_.find(name);
    return it == leases_.end() || it->second.expires_ms <= now_ms_ ? std::string() : it->second.owner;
}

// ---- clock ------------------------------------------------------------------------------------------------

std::int64_t fake_host::now_ms() {
    return now();
}

std::int64_t fake_host::now() const {
    std::lock_guard lock(mutex_);
    return now_ms_;
}

void fake_host::advance(std::int64_t ms) {
    std::lock_guard lock(mutex_);
    now_ms_ += ms;
}

void fake_host::sleep_ms(std::int64_t ms) {
    std::lock_guard lock(mutex_);
    sleeps_.push_back(ms);
    if (ms > 0) now_ms_ += ms;
}

std::vector<std::int64_t> fake_host::sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
}

// ---- randomness -------------------------------------------------------------------------------------------

tether::status fake_host::random_bytes(std::span<std::byte> out) {
    std::lock_guard lock(mutex_);
    if (random_failing_) return tether::status::host_error;
    std::size_t filled = 0;
    while (filled < out.size()) {
        std::uint64_t word = mix(random_counter_++);
        for (int i = 0; i < 8 && filled < out.size(); ++i, word >>= 8) out[filled++] = static_cast<std::byte>(word);
    }
    return tether::status::ok;
}

void fake_host::fail_random(bool failing) {
    std::lock_guard lock(mutex_);
    random_failing_ = failing;
}

// ---- logs -------------------------------------------------------------------------------------------------

void fake_host::log(tether::log_level level, std::string_view message, std::string_view connection_id,
                    std::string_view operation) {
    std::lock_guard lock(mutex_);
    logs_.push_back({level, std::string(message), std::string(connection_id), std::string(operation)});
}

std::vector<captured_log_line> fake_host::logs() const {
    std::lock_guard lock(mutex_);
    return logs_;
}

std::vector<std::string> fake_host::log_messages() const {
    std::lock_guard lock(mutex_);
    std::vector<std::string> messages;
    messages.reserve(logs_.size());
    for (const auto& line : logs_) messages.push_back(line.message);
    return messages;
}

void fake_host::check_no_secret_in_logs(const std::vector<std::string>& secrets) const {
    for (const auto& redacted : leaked_secrets(log_messages(), secrets))
        FAIL_CHECK("a secret ending in " << redacted << " appears in full in a log line");
}

std::vector<std::string> leaked_secrets(const std::vector<std::string>& texts,
                                        const std::vector<std::string>& secrets) {
    std::vector<std::string> leaked;
    for (const auto& secret : secrets) {
        if (secret.empty()) continue;
        for (const auto& text : texts) {
            if (text.find(secret) != std::string::npos) {
                leaked.push_back(tether::redact(secret));
                break;
            }
        }
    }
    return leaked;
}

}  // namespace tether_test
