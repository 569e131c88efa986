// The emulator's clock (real time plus a test-controlled offset) and the date formats Smartsheet speaks.
#pragma once

#include <chrono>
#include <string>

#include "emulator/smartsheet_emulator.hpp"

namespace tether::emulator::detail {

// Not synchronised: it lives in emulator_state, under the state's mutex.
class emulator_clock {
public:
    emulator_time now() const { return std::chrono::system_clock::now() + offset_; }
    void advance(std::chrono::seconds by) { offset_ += by; }
    void set_offset(std::chrono::seconds offset) { offset_ = offset; }
    std::chrono::seconds offset() const { return offset_; }

private:
    std::chrono::seconds offset_{0};
};

// RFC 7231 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (the Date header). Locale-independent.
std::string format_http_date(emulator_time t);
// ISO 8601 in UTC, e.g. "2024-05-01T12:00:00Z" (createdAt / modifiedAt in API bodies).
std::string format_iso8601(emulator_time t);
// Whole seconds since the Unix epoch.
std::int64_t unix_seconds(emulator_time t);

}  // namespace tether::emulator::detail
