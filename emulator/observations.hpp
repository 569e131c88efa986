// What tests can observe about the traffic: request counters per endpoint and grant type, and the log.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "emulator/smartsheet_emulator.hpp"

namespace tether::emulator::detail {

// Not synchronised: it lives in emulator_state, under the state's mutex.
class observations {
public:
    void record(request_log_entry entry);
    int count(std::string_view endpoint, std::string_view grant_type) const;
    std::vector<request_log_entry> log() const { return {log_.begin(), log_.end()}; }
    // Every (endpoint, grant type) pair seen, with its count; grant type "" for requests without one.
    const std::map<std::pair<std::string, std::string>, int>& counters() const { return counters_; }
    void clear();

private:
    std::map<std::pair<std::string, std::string>, int> counters_;
    std::deque<request_log_entry> log_;  // bounded: the oldest entries go first
};

// Header names compare so.
bool same_text_ignoring_case(std::string_view a, std::string_view b);

// The last 6 characters of a token: all that may ever be shown of it.
std::string token_suffix(std::string_view token);

}  // namespace tether::emulator::detail
