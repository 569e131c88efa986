// A connection's record in the host's storage, and this process's view of it. The only code that calls the
// host's load_record and store_record: every write is a change — a pure function of the record — applied
// under compare-and-swap; when another writer got there first, the winner's record is read again and the
// change applied to it, for a bounded number of rounds.
//
// Concurrency: any thread may call any member. Storage I/O of one store is serialized in this process;
// view() and with_view() never wait for it.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <shared_mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugin/core/outcome.hpp"
#include "plugin/host/host_services.hpp"
#include "plugin/http/clock_skew.hpp"
#include "plugin/record/record_seal.hpp"
#include "plugin/record/token_record.hpp"

namespace tether::record {

// A change: the record to store in place of `current`, or nullopt when `current` already says what the
// change would (nothing to write — e.g. a sibling's newer pair wins over ours). Pure: it may be applied
// several times, to different records, when writers race.
using record_change = std::function<std::optional<token_record>(const token_record& current)>;

enum class durability {
    ordinary,   // a failed write is reported and forgotten
    must_keep,  // the change holds what exists nowhere else (a minted pair, a verdict on a dead grant): when
                // the write fails it stays applied in this process and is written before the store is read
                // again, until a write succeeds
    advisory,   // best effort (a cooldown): a failed write is not an error of the verb
};

struct change_options {
    durability kind = durability::ordinary;
    bool replaces_unreadable = false;  // may overwrite a stored record tether cannot read (a new grant)
    std::string_view what = "the record";  // names the change in messages: "the refreshed tokens"
};

// This process's view of the record.
struct record_view {
    token_record record;
    std::uint64_t version = 0;   // the store's version the view was read at or written as
    bool loaded = false;
    bool unsaved = false;        // must-keep changes are applied here but not stored yet
    std::string load_problem;    // the stored record could not be read; it is kept in the store as it is
};

struct update_result {
    bool applied = false;            // the change altered the record (stored, or held in memory)
    std::optional<outcome> failure;  // storage_error: storage_unavailable, storage_conflict, record_unreadable
    token_record record;             // the record as this process now sees it
};

inline constexpr int max_store_rounds = 8;  // compare-and-swap rounds before a hot record is given up on

class record_store {
public:
    // `host`, `skew` and `keys` outlive the store. The provider's clock offset is stamped on every write and
    // seeds `skew` from every read, so that a process that has not talked to the provider yet reads time right.
    // With keys, every write is sealed; a sealed record that the keys cannot open is a storage error (never a
    // damaged record that a new grant may replace).
    record_store(std::string connection_id, host_services& host, http::clock_skew& skew,
                 const record_keyring& keys);

    record_store(const record_store&) = delete;
    record_store& operator=(const record_store&) = delete;

    // A copy of the view. Never touches storage.
    record_view view() const;
    // Calls f(const record_view&) under the view's lock, without copying: for the call path.
    template <class F>
    auto with_view(F&& f) const {
        std::shared_lock lock(view_mutex_);
        return std::forward<F>(f)(std::as_const(view_));
    }

    // Writes the changes held in memory (if any), then reads the store. The view is replaced by what was
    // read, with held changes re-applied. nullopt on success; else a storage_error outcome (the view keeps
    // what it had, held changes included) or record_unreadable (the view records the problem).
    std::optional<outcome> load();
    // load(), unless the view is already loaded, readable and holds nothing unsaved.
    std::optional<outcome> ensure_loaded();

    // Applies `change` to the current record and stores the result (compare-and-swap, re-applied to the
    // winner's record on conflict). Changes held in memory are written first, in order, with it.
    update_result update(const record_change& change, const change_options& options);

private:
    struct pending_change {
        record_change change;
        change_options options;
    };
    struct round_result {
        bool last_applied = false;
        std::optional<outcome> failure;
    };
    // The record as last read from or written to the store (without held changes).
    struct stored_state {
        token_record record;
        std::uint64_t version = 0;
        bool loaded = false;
        std::string problem;
    };

    round_result write_locked(std::vector<pending_change> pending);
    std::optional<outcome> read_locked();
    outcome storage_failure(std::string_view reason, std::string_view what) const;
    void set_view(record_view next);

    const std::string connection_id_;
    host_services& host_;
    http::clock_skew& skew_;
    const record_keyring& keys_;

    std::mutex io_mutex_;                 // one storage round trip at a time; guards held_
    std::vector<pending_change> held_;    // must-keep changes not stored yet, in order
    stored_state stored_;                 // guarded by io_mutex_
    // Guards view_ only; never held across I/O. Shared: every call of a connection reads the view (its token,
    // its scopes) and threads sharing a connection must not queue behind each other for that.
    mutable std::shared_mutex view_mutex_;
    record_view view_;
};

}  // namespace tether::record
