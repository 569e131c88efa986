// Request counters and the request log, kept for tests to assert on.
#include "observations.hpp"

namespace tether::emulator::detail {

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
