// Smartsheet's per-token rate limit as a fixed one-minute window on the emulator clock.
#include "rate_limit.hpp"

namespace tether::emulator::detail {

void rate_limiter::configure(int per_minute, std::optional<int> retry_after_s) {
    per_minute_ = per_minute;
    retry_after_s_ = retry_after_s;
    windows_.clear();  // a new limit starts from a clean slate, so a test's count is exact
}

bool rate_limiter::admit(const std::string& access_token, emulator_time now) {
    window& w = windows_[access_token];
    if (w.requests == 0 || now - w.opened >= std::chrono::minutes(1)) w = window{now, 0};
    if (w.requests >= per_minute_) return false;
    ++w.requests;
    return true;
}

}  // namespace tether::emulator::detail
