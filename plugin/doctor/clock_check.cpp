// The clocks check: our clock against the provider's Date, and whether the token is expired by either clock.
// A token one clock calls expired and the other does not is the guide's clock-skew artifact.
#include <cstdlib>

#include "plugin/doctor/checks.hpp"
#include "plugin/health/diagnosis.hpp"
#include "plugin/http/http_date.hpp"

namespace tether::doctor {

check_result check_clocks(const clock_facts& f) {
    check_result r;
    r.name = "clocks";
    auto& e = r.evidence;
    e["local_time"] = http::format_http_date(f.local_ms);
    if (!f.provider_date_ms) {
        e["provider_date"] = nullptr;  // no readable Date: nothing to compare (the request check says why)
        return r;
    }
    // Date has whole seconds: up to a second of difference is no skew.
    const std::int64_t raw_offset = *f.provider_date_ms + 500 - f.local_ms;
    const std::int64_t offset = std::llabs(raw_offset) <= 1500 ? 0 : raw_offset;
    e["provider_date"] = http::format_http_date(*f.provider_date_ms);
    e["offset_s"] = offset / 1000;
    if (f.expires_at_ms) {
        e["expired_by_local_clock"] = f.local_ms >= *f.expires_at_ms;
        e["expired_by_provider_clock"] = f.local_ms + offset >= *f.expires_at_ms;
    }
    const bool split = f.expires_at_ms && (f.local_ms >= *f.expires_at_ms) != (f.local_ms + offset >= *f.expires_at_ms);
    if (std::llabs(offset) < clock_skew_threshold_ms && !split) return r;
    const std::string direction = offset > 0 ? "behind" : "ahead of";
    std::string action = "this host's clock is " + health::human_duration(std::llabs(offset)) + " " + direction +
                         " the provider's (its Date header): fix the host's time synchronisation (NTP).";
    if (split)
        action +=
            " The token is expired by one clock and not by the other, so whatever judges expiry on the "
            "local clock (a platform, a cache) disagrees with the provider.";
    else
        action +=
            " tether judges expiry on the provider's clock, but platforms and caches that use the local "
            "clock treat tokens as expired too early or too late.";
    return not_ok(std::move(r), verdict::clock_skew, std::move(action));
}

}  // namespace tether::doctor
