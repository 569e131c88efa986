// A connection's record in the host's storage: reads, compare-and-swap writes of pure changes, and the
// changes that must not be lost held in memory until a write succeeds.
#include "plugin/record/record_store.hpp"

#include <algorithm>
#include <array>

#include "plugin/core/wipe.hpp"
#include "plugin/host/log.hpp"

namespace tether::record {

namespace {

token_record apply_all(token_record record, const auto& changes) {
    for (const auto& p : changes)
        if (auto next = p.change(record)) record = std::move(*next);
    return record;
}

}  // namespace

record_store::record_store(std::string connection_id, host_services& host, http::clock_skew& skew,
                           const record_keyring& keys)
    : connection_id_(std::move(connection_id)), host_(host), skew_(skew), keys_(keys) {}

record_view record_store::view() const {
    std::shared_lock lock(view_mutex_);
    return view_;
}

void record_store::set_view(record_view next) {
    std::unique_lock lock(view_mutex_);
    view_ = std::move(next);
}

outcome record_store::storage_failure(std::string_view reason, std::string_view what) const {
    if (reason == "storage_conflict")
        return outcome::failure(status::storage_error, std::string(reason),
                                "the record of connection '" + connection_id_ + "' kept changing while " +
                                    std::string(what) + " was being stored; try again");
    return outcome::failure(status::storage_error, std::string(reason),
                            "the host's storage could not store " + std::string(what) + " of connection '" +
                                connection_id_ + "'");
}

// Reads the stored record into stored_ and rebuilds the view from it (held changes re-applied).
std::optional<outcome> record_store::read_locked() {
    stored_record raw;
    const status loaded = host_.load_record(connection_id_, raw);
    log_event(host_, log_level::trace, connection_id_, "load", "storage load: {}",
              loaded != status::ok ? std::string(status_name(loaded))
              : raw.version == 0   ? std::string("no record")
                                   : fmt::format("version {}, {} bytes", raw.version, raw.data.size()));
    if (loaded != status::ok)
        return outcome::failure(status::storage_error, "storage_unavailable",
                                "the host's storage could not load the record of connection '" + connection_id_ +
                                    "'");
    std::optional<wiped_string> opened;
    if (raw.version != 0) {
        auto plain = open_record(raw.data, connection_id_, keys_);
        wipe(raw.data);  // the stored text holds the tokens; the parsed record carries them from here
        if (auto* sealed = std::get_if<seal_problem>(&plain)) {
            // Not a damaged record: the right key opens it. Nothing may replace it, and no token request may
            // follow (a misconfigured worker must not spend the grant): the store is as good as unavailable.
            log_event(host_, log_level::error, connection_id_, "load", "{}", sealed->message);
            return outcome::failure(status::storage_error, sealed->reason,
                                    "connection '" + connection_id_ + "': " + sealed->message);
        }
        opened = std::move(std::get<wiped_string>(plain));
    }
    stored_ = stored_state{};
    stored_.version = raw.version;
    stored_.loaded = true;
    if (opened) {
        auto parsed = parse_token_record(*opened);
        if (auto* problem = std::get_if<std::string>(&parsed))
            stored_.problem = std::move(*problem);
        else
            stored_.record = std::move(std::get<token_record>(parsed));
    }
    if (auto& offset = stored_.record.provider_offset_ms) {
        if (const auto sane = http::clamp_clock_offset(*offset); sane != *offset) {
            log_event(host_, log_level::warn, connection_id_, "load",
                      "the stored provider clock offset {} ms is beyond ±{} ms; using {} ms", *offset,
                      http::max_clock_offset_ms, sane);
            offset = sane;  // and the next write stores the sane value
        }
        skew_.seed(*offset);
    }

    record_view next;
    next.record = apply_all(stored_.record, held_);
    next.version = stored_.version;
    next.loaded = true;
    next.unsaved = !held_.empty();
    next.load_problem = stored_.problem;
    set_view(std::move(next));

    if (stored_.problem.empty()) return std::nullopt;
    log_event(host_, log_level::error, connection_id_, "load", "stored record unreadable: {}", stored_.problem);
    return outcome::failure(status::storage_error, "record_unreadable",
                            "the stored record of connection '" + connection_id_ + "' is damaged (" +
                                stored_.problem + "); it is kept as it is — authorize again to replace it");
}

// One write of every pending change, applied in order to the stored record; on conflict the winner's record
// is read and the changes applied to it again. On failure, must-keep changes stay held.
record_store::round_result record_store::write_locked(std::vector<pending_change> pending) {
    held_.clear();  // they are in `pending` now
    const std::string_view what = pending.empty() ? "the record" : pending.back().options.what;
    // A new grant replaces a record tether cannot read, and whatever is held is applied to the empty record.
    const bool may_replace = std::any_of(pending.begin(), pending.end(),
                                         [](const pending_change& p) { return p.options.replaces_unreadable; });
    round_result result;
    std::optional<token_record> written;
    for (int round = 0; round < max_store_rounds && !result.failure && !written; ++round) {
        if (!stored_.loaded || round > 0) {
            if (auto failure = read_locked(); failure && failure->reason != "record_unreadable") {
                result.failure = std::move(failure);
                break;
            }
        }
        if (!stored_.problem.empty() && !may_replace) {
            result.failure = outcome::failure(status::storage_error, "record_unreadable",
                                              "the stored record of connection '" + connection_id_ +
                                                  "' is damaged (" + stored_.problem +
                                                  "); it is kept as it is — authorize again to replace it");
            break;
        }
        token_record next = stored_.record;
        bool changed = false;
        for (const auto& p : pending) {
            auto step = p.change(next);
            result.last_applied = step.has_value();
            if (step) {
                next = std::move(*step);
                changed = true;
            }
        }
        if (!changed) {  // the stored record already says it all
            written = stored_.record;
            break;
        }
        if (skew_.observed()) next.provider_offset_ms = skew_.offset_ms();
        wiped_string text = serialize_token_record(next);  // holds the tokens: wiped once handed over
        if (keys_.seals()) {
            std::array<std::byte, seal_nonce_size> nonce{};
            if (host_.random_bytes(nonce) != status::ok) {
                result.failure = outcome::failure(status::host_error, "random_unavailable",
                                                  "the host's random source failed; " + std::string(what) +
                                                      " of connection '" + connection_id_ + "' cannot be sealed");
                break;
            }
            text = seal_record(text, connection_id_, keys_.current(), nonce);
        }
        const status s = host_.store_record(connection_id_, stored_.version, text);
        log_event(host_, log_level::trace, connection_id_, "store", "storage store of {} over version {}: {}", what,
                  stored_.version, status_name(s));
        if (s == status::ok) {
            stored_.record = next;
            stored_.version += 1;
            stored_.problem.clear();
            written = std::move(next);
        } else if (s != status::conflict) {
            result.failure = storage_failure("storage_unavailable", what);
        } else if (round + 1 == max_store_rounds) {
            result.failure = storage_failure("storage_conflict", what);
        }
    }

    held_.clear();
    if (result.failure)
        for (auto& p : pending)
            if (p.options.kind == durability::must_keep) held_.push_back(std::move(p));
    record_view next;
    next.record = apply_all(stored_.record, held_);
    next.version = stored_.version;
    next.loaded = stored_.loaded;
    next.unsaved = !held_.empty();
    next.load_problem = stored_.problem;
    set_view(std::move(next));
    if (result.failure && !held_.empty())
        log_event(host_, log_level::warn, connection_id_, "store", "{} held in memory until the store accepts them",
                  what);
    return result;
}

std::optional<outcome> record_store::load() {
    std::lock_guard io(io_mutex_);
    if (held_.empty()) return read_locked();
    const std::size_t count = held_.size();
    std::vector<pending_change> pending = std::move(held_);
    held_.clear();
    auto result = write_locked(std::move(pending));
    if (!result.failure)
        log_event(host_, log_level::info, connection_id_, "store", "{} change(s) held in memory are now stored", count);
    return result.failure;
}

std::optional<outcome> record_store::ensure_loaded() {
    {
        std::shared_lock lock(view_mutex_);
        if (view_.loaded && !view_.unsaved && view_.load_problem.empty()) return std::nullopt;
    }
    return load();
}

update_result record_store::update(const record_change& change, const change_options& options) {
    std::lock_guard io(io_mutex_);
    std::vector<pending_change> pending = std::move(held_);
    held_.clear();
    pending.push_back({change, options});
    const auto round = write_locked(std::move(pending));
    update_result result;
    result.applied = round.last_applied && (!round.failure || options.kind == durability::must_keep);
    result.failure = round.failure;
    result.record = view().record;
    return result;
}

}  // namespace tether::record
