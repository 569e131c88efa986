// Smartsheet's per-token rate limit (default 300 requests per minute), on the emulator clock.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "emulator/smartsheet_emulator.hpp"

namespace tether::emulator::detail {

// A fixed one-minute window per access token, opened by the token's first request: with a limit of N,
// requests 1..N of a window pass and request N+1 gets 429/4003. Deterministic, which tests need.
// Not synchronised: it lives in emulator_state, under the state's mutex.
class rate_limiter {
public:
    rate_limiter(int per_minute, std::optional<int> retry_after_s)
        : per_minute_(per_minute), retry_after_s_(retry_after_s) {}

    void configure(int per_minute, std::optional<int> retry_after_s);
    // Counts the request against the token's window; false when it is over the limit (and not counted).
    bool admit(const std::string& access_token, emulator_time now);
    std::optional<int> retry_after_s() const { return retry_after_s_; }

private:
    struct window {
        emulator_time opened;
        int requests = 0;
    };
    int per_minute_;
    std::optional<int> retry_after_s_;
    std::map<std::string, window> windows_;
};

}  // namespace tether::emulator::detail
