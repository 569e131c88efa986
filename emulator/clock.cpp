// Date formatting for the emulator clock: the Date header and timestamps in API bodies.
#include "clock.hpp"

#include <array>
#include <cstdio>
#include <ctime>

namespace tether::emulator::detail {

namespace {
std::tm utc_fields(emulator_time t) {
    const std::time_t secs = static_cast<std::time_t>(unix_seconds(t));
    std::tm fields{};
    gmtime_r(&secs, &fields);
    return fields;
}
}  // namespace

std::int64_t unix_seconds(emulator_time t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string format_http_date(emulator_time t) {
    // Names spelled out rather than strftime's %a/%b, which follow the process locale.
    static constexpr std::array<const char*, 7> days{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::array<const char*, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::tm f = utc_fields(t);
    char out[64];
    std::snprintf(out, sizeof out, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[f.tm_wday], f.tm_mday, months[f.tm_mon],
                  f.tm_year + 1900, f.tm_hour, f.tm_min, f.tm_sec);
    return out;
}

std::string format_iso8601(emulator_time t) {
    const std::tm f = utc_fields(t);
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02dZ", f.tm_year + 1900, f.tm_mon + 1, f.tm_mday,
                  f.tm_hour, f.tm_min, f.tm_sec);
    return out;
}

}  // namespace tether::emulator::detail
