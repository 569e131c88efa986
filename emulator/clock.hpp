// The emulator's clock (real time plus a test-controlled offset) and the date formats Smartsheet speaks.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "emulator/smartsheet_emulator.hpp"

namespace tether::emulator::detail {

// Lives in emulator_state; changed under the state's mutex, but read without it: a webhook subscriber that the
// emulator calls while holding the mutex (the challenge on enable) may read the emulator's clock, as a test
// host whose clock is the emulator's does.
class emulator_clock {
public:
    emulator_time now() const { return std::chrono::system_clock::now() + offset(); }
    void advance(std::chrono::seconds by) { offset_s_.fetch_add(by.count()); }
    void set_offset(std::chrono::seconds offset) { offset_s_.store(offset.count()); }
    std::chrono::seconds offset() const { return std::chrono::seconds(offset_s_.load()); }

private:
    std::atomic<std::int64_t> offset_s_{0};
};

// RFC 7231 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (the Date header). Locale-independent.
std::string format_http_date(emulator_time t);
// ISO 8601 in UTC, e.g. "2024-05-01T12:00:00Z" (createdAt / modifiedAt in API bodies).
std::string format_iso8601(emulator_time t);
// Whole seconds since the Unix epoch.
std::int64_t unix_seconds(emulator_time t);

}  // namespace tether::emulator::detail
