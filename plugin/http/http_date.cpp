// HTTP dates (RFC 9110 §5.6.7): the Date and Retry-After headers.
#include "plugin/http/http_date.hpp"

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

#include "plugin/core/time_bounds.hpp"

namespace tether::http {

namespace {

constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> weekdays = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};

std::optional<int> month_index(std::string_view name) {
    for (std::size_t i = 0; i < months.size(); ++i)
        if (months[i] == name) return static_cast<int>(i) + 1;
    return std::nullopt;
}

// Years a date may name: earlier ones come from unset clocks ("01 Jan 0001"), and later ones are not four
// digits. The span keeps every time derived from a date far from overflowing.
constexpr int first_year = 1900;
constexpr int last_year = 9999;

std::optional<std::int64_t> to_unix_ms(int year, int month, int day, int hour, int minute, int second) {
    using namespace std::chrono;
    if (year < first_year || year > last_year) return std::nullopt;
    if (hour > 23 || minute > 59 || second > 60 || day < 1) return std::nullopt;
    const year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                             std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    const auto days = sys_days{ymd}.time_since_epoch().count();
    return ((static_cast<std::int64_t>(days) * 24 + hour) * 60 + minute) * 60'000LL + second * 1000LL;
}

// Splits on spaces into at most N tokens.
template <std::size_t N>
std::optional<std::array<std::string_view, N>> tokens(std::string_view text) {
    std::array<std::string_view, N> out{};
    std::size_t count = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && text[i] == ' ') ++i;
        if (i >= text.size()) break;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ') ++i;
        if (count == N) return std::nullopt;
        out[count++] = text.substr(start, i - start);
    }
    if (count != N) return std::nullopt;
    return out;
}

bool parse_int(std::string_view t, int& out);

// HH:MM:SS, digits only (a sign or a space is not a time of day).
bool parse_clock(std::string_view t, int& h, int& m, int& s) {
    return t.size() == 8 && t[2] == ':' && t[5] == ':' && parse_int(t.substr(0, 2), h) &&
           parse_int(t.substr(3, 2), m) && parse_int(t.substr(6, 2), s);
}

bool parse_int(std::string_view t, int& out) {
    if (t.empty() || t.size() > 4) return false;
    out = 0;
    for (const char c : t) {
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

}  // namespace

std::optional<std::int64_t> parse_http_date(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    int day = 0, year = 0, h = 0, m = 0, s = 0;
    if (const auto t = tokens<6>(text)) {  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        const auto& [wd, d, mon, y, clock, zone] = *t;
        const auto month = month_index(mon);
        if (wd.size() != 4 || wd.back() != ',' || zone != "GMT" || !month || !parse_int(d, day) ||
            !parse_int(y, year) || !parse_clock(clock, h, m, s))
            return std::nullopt;
        return to_unix_ms(year, *month, day, h, m, s);
    }
    if (const auto t = tokens<4>(text)) {  // RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
        const auto& [wd, date, clock, zone] = *t;
        if (wd.empty() || wd.back() != ',' || zone != "GMT" || date.size() != 9 || date[2] != '-' || date[6] != '-')
            return std::nullopt;
        const auto month = month_index(date.substr(3, 3));
        if (!month || !parse_int(date.substr(0, 2), day) || !parse_int(date.substr(7, 2), year) ||
            !parse_clock(clock, h, m, s))
            return std::nullopt;
        year += year < 70 ? 2000 : 1900;
        return to_unix_ms(year, *month, day, h, m, s);
    }
    if (const auto t = tokens<5>(text)) {  // asctime: Sun Nov  6 08:49:37 1994
        const auto& [wd, mon, d, clock, y] = *t;
        const auto month = month_index(mon);
        if (wd.size() != 3 || !month || !parse_int(d, day) || !parse_int(y, year) || !parse_clock(clock, h, m, s))
            return std::nullopt;
        return to_unix_ms(year, *month, day, h, m, s);
    }
    return std::nullopt;
}

std::string format_http_date(std::int64_t time_ms) {
    using namespace std::chrono;
    const std::int64_t unix_ms = clamp_time_ms(time_ms);
    const std::int64_t seconds = unix_ms >= 0 ? unix_ms / 1000 : (unix_ms - 999) / 1000;
    const sys_days days{std::chrono::days{seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400}};
    const std::int64_t in_day = seconds - static_cast<std::int64_t>(days.time_since_epoch().count()) * 86400;
    const year_month_day ymd{days};
    const auto weekday_index = static_cast<std::size_t>(((days.time_since_epoch().count() % 7) + 7) % 7);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", std::string(weekdays[weekday_index]).c_str(),
                  static_cast<unsigned>(ymd.day()), std::string(months[static_cast<unsigned>(ymd.month()) - 1]).c_str(),
                  static_cast<int>(ymd.year()), static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                  static_cast<int>(in_day % 60));
    return buf;
}

}  // namespace tether::http
