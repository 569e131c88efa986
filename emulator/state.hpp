// All of the emulator's in-memory world — users, sheets, workspaces, webhooks, tokens, faults, counters —
// in one struct guarded by one mutex. Route handlers run with the mutex held.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "clock.hpp"
#include "emulator/smartsheet_emulator.hpp"
#include "fault_rules.hpp"
#include "observations.hpp"
#include "random_source.hpp"
#include "rate_limit.hpp"
#include "token_store.hpp"

namespace tether::emulator::detail {

struct user_record {
    std::int64_t id = 0;
    std::string email, first_name, last_name;
};

struct column_record {
    std::int64_t id = 0;
    std::string title;
    bool primary = false;
};

struct cell_record {
    std::int64_t column_id = 0;
    std::string value;
};

struct row_record {
    std::int64_t id = 0;
    std::vector<cell_record> cells;
    emulator_time created_at, modified_at;
};

struct sheet_record {
    std::int64_t id = 0;
    std::string name;
    std::int64_t owner_id = 0;
    std::map<std::int64_t, std::string> shares;  // user id -> access level (VIEWER, EDITOR, ...)
    std::vector<column_record> columns;
    std::vector<row_record> rows;
    std::int64_t version = 1;  // bumped by every row change
    emulator_time created_at, modified_at;
};

struct workspace_record {
    std::int64_t id = 0;
    std::string name;
    std::set<std::int64_t> members;
};

struct webhook_record {
    std::int64_t id = 0;
    std::int64_t owner_id = 0;
    std::string name, callback_url, scope;
    std::int64_t scope_object_id = 0;
    std::vector<std::string> events;
    std::int64_t version = 1;
    bool enabled = false;
    std::string status = "NEW_NOT_VERIFIED";
    std::string shared_secret;
    std::vector<std::string> former_secrets;  // replaced by resetsharedsecret: still secrets for leak tests
    int callbacks_since_verification = 0;
    emulator_time created_at, modified_at;
};

// A callback waiting for deliver_webhooks(): its body is built when the change happens, signed when sent.
struct pending_callback {
    std::int64_t webhook_id = 0;
    std::string body;
};

struct emulator_state {
    explicit emulator_state(const emulator_options& opts)
        : options(opts),
          random(opts.seed),
          tokens(opts.declared_lifetime_s, opts.admin_lifetime_s),
          rate_limit(opts.rate_limit_per_min, opts.rate_limit_retry_after_s) {}

    std::mutex mutex;
    emulator_options options;  // client credentials, code TTL, admin-expired error code; lifetimes live in `tokens`
    emulator_clock clock;
    std::chrono::seconds date_skew{0};
    random_source random;
    token_store tokens;
    fault_rules faults;
    rate_limiter rate_limit;
    observations observed;

    std::map<std::int64_t, user_record> users;
    std::map<std::int64_t, sheet_record> sheets;
    std::map<std::int64_t, workspace_record> workspaces;
    std::map<std::int64_t, webhook_record> webhooks;
    std::vector<pending_callback> webhook_outbox;
    std::vector<webhook_delivery> webhook_deliveries;

    std::optional<std::int64_t> authorizing_user;  // who "clicks Allow"; the first user added by default
    int denials_pending = 0;
    int requests_in_delay = 0;  // requests sleeping in a delay fault, not yet processed
    std::uint64_t delays_released = 0;       // bumped by release_delays(): ends the delays begun before
    std::condition_variable delay_released;  // with `mutex`
    std::int64_t next_row_id = 7000000000001;
    std::int64_t next_webhook_id = 9000000001;
};

// The user's access level on a sheet ("OWNER", "EDITOR", ...), or nullopt when it is not shared with them.
std::optional<std::string> sheet_access_level(const sheet_record& sheet, std::int64_t user_id);
// True for access levels that may add, update and delete rows.
bool can_edit_rows(std::string_view access_level);

}  // namespace tether::emulator::detail
