// The health record: read, merged with this process's unshared evidence, pruned, written by compare-and-swap.
#include "plugin/health/shared_health.hpp"

#include "plugin/host/log.hpp"
#include "plugin/record/record_store.hpp"

namespace tether::health {

std::string health_record_key(std::string_view connection_id) {
    return std::string(connection_id) + "#health";
}

void shared_health::share_if_due(std::int64_t now_ms, bool urgent) {
    std::unique_lock lock(mutex_, std::try_to_lock);
    if (!lock.owns_lock()) return;  // another thread is sharing this very moment: its share carries ours soon
    if (!metrics_.has_unshared()) return;
    if (!urgent && shared_once_ && now_ms - last_share_ms_ < share_interval_ms) return;
    std::string problem;
    share_locked(now_ms, problem);
}

void shared_health::share_now(std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    std::string problem;
    share_locked(now_ms, problem);
}

shared_health::merged_view shared_health::merged(std::int64_t now_ms) {
    std::lock_guard lock(mutex_);
    merged_view view;
    if (auto stored = share_locked(now_ms, view.problem)) {
        view.evidence = std::move(*stored);
        return view;
    }
    view.evidence = metrics_.evidence();
    return view;
}

std::optional<health_evidence> shared_health::share_locked(std::int64_t now_ms, std::string& problem) {
    health_evidence unshared = metrics_.take_unshared();
    const std::string key = health_record_key(connection_id_);
    for (int round = 0; round < record::max_store_rounds; ++round) {
        stored_record raw;
        if (host_.load_record(key, raw) != status::ok) {
            problem = "the host's storage could not load the shared health record";
            break;
        }
        health_evidence merged_evidence;
        if (raw.version != 0) {
            auto parsed = parse_evidence(raw.data);
            if (auto* bad = std::get_if<std::string>(&parsed))
                // Evidence is not precious: a damaged health record is started over, and said so once.
                log_event(host_, log_level::warn, connection_id_, "health", "shared health record replaced: {}",
                          *bad);
            else
                merged_evidence = std::move(std::get<health_evidence>(parsed));
        }
        if (unshared.empty()) {  // nothing to add: the record as it is
            prune(merged_evidence, now_ms);
            return merged_evidence;
        }
        merge(merged_evidence, unshared);
        prune(merged_evidence, now_ms);
        const status s = host_.store_record(key, raw.version, to_json(merged_evidence));
        if (s == status::ok) {
            last_share_ms_ = now_ms;
            shared_once_ = true;
            return merged_evidence;
        }
        if (s != status::conflict) {
            problem = "the host's storage could not store the shared health record";
            break;
        }
    }
    if (problem.empty()) problem = "the shared health record kept changing; showing this process's evidence";
    metrics_.give_back(std::move(unshared));
    log_event(host_, log_level::debug, connection_id_, "health", "{}", problem);
    return std::nullopt;
}

}  // namespace tether::health
