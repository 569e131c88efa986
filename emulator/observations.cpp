// Request counters and the request log, kept for tests to assert on.
#include "observations.hpp"

#include <algorithm>
#include <cctype>

namespace tether::emulator::detail {

bool same_text_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

void observations::record(request_log_entry entry) {
    constexpr std::size_t max_log_entries = 100000;  // a long-running standalone emulator must not grow forever
    ++counters_[{entry.endpoint, entry.grant_type}];
    if (log_.size() == max_log_entries) log_.pop_front();
    log_.push_back(std::move(entry));
}

int observations::count(std::string_view endpoint, std::string_view grant_type) const {
    int total = 0;
    for (const auto& [key, n] : counters_)
        if (key.first == endpoint && (grant_type.empty() || key.second == grant_type)) total += n;
    return total;
}

void observations::clear() {
    counters_.clear();
    log_.clear();
}

std::string token_suffix(std::string_view token) {
    return std::string(token.size() > 6 ? token.substr(token.size() - 6) : token);
}

}  // namespace tether::emulator::detail

namespace tether::emulator {

std::string request_log_entry::header(std::string_view name) const {
    for (const auto& [key, value] : headers)
        if (detail::same_text_ignoring_case(key, name)) return value;
    return "";
}

}  // namespace tether::emulator
