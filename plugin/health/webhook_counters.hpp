// What this process saw of each webhook's inbound requests: challenges answered, callbacks accepted and
// refused (by reason), and the run of signature mismatches since the last accepted callback. Read only when a
// health document is built.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/health/windowed_counter.hpp"

namespace tether::health {

// One webhook as the health document shows it.
struct webhook_activity {
    std::int64_t webhook_id = 0;  // 0: requests that named no webhook, or more webhooks than are tracked
    std::optional<std::int64_t> last_challenge_ms;
    std::optional<std::int64_t> last_accepted_ms;
    std::int64_t accepted_window = 0, accepted_total = 0;
    std::int64_t refused_window = 0, refused_total = 0;
    std::map<std::string, std::int64_t> refused_by_reason;  // all time
    std::string last_refusal_reason;
    std::optional<std::int64_t> last_refusal_ms;
    int mismatch_run = 0;  // signature mismatches since the last accepted callback
    std::optional<std::int64_t> mismatch_since_ms;
};

// Thread-safe.
class webhook_counters {
public:
    // Webhooks tracked one by one; requests for further ids are counted under id 0, so that forged requests
    // naming ever new ids cannot grow memory.
    static constexpr std::size_t max_tracked = 200;

    void record_challenge(std::optional<std::int64_t> webhook_id, std::int64_t now_ms);
    void record_accepted(std::optional<std::int64_t> webhook_id, std::int64_t now_ms);
    void record_refused(std::optional<std::int64_t> webhook_id, std::string_view reason, std::int64_t now_ms);

    std::vector<webhook_activity> snapshot(std::int64_t now_ms) const;

private:
    struct entry {
        webhook_activity facts;  // the windowed fields are filled from the counters below
        windowed_counter accepted, refused;
    };
    entry& entry_for(std::optional<std::int64_t> webhook_id);  // under mutex_

    mutable std::mutex mutex_;
    std::map<std::int64_t, std::unique_ptr<entry>> entries_;
};

}  // namespace tether::health
