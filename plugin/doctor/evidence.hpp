// What doctor collects about a connection, check by check (docs/troubleshooting.md): plain values, so that
// the checks (checks.hpp) are pure functions of them and are tested as a table without a network.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/core/outcome.hpp"

namespace tether::doctor {

// The stored record, read without any request.
struct stored_state_facts {
    std::string state;    // "unauthorized", "authorized", "reconnect_required"
    std::string problem;  // the record could not be read, or the storage failed
    bool api_token = false;
    std::string access_token;  // redacted
    std::uint64_t record_version = 0;
    std::int64_t age_ms = 0;                // of the current token, on the provider's clock
    std::int64_t declared_lifetime_ms = 0;  // 0: not declared
    std::optional<std::int64_t> learned_lifetime_ms;
    std::optional<std::int64_t> early_death_age_ms;
    std::string reconnect_reason;
    std::string reconnect_detail;
    bool origin_changed = false;  // the settings name another API origin than the grant was issued for
    std::string granted_scopes;   // joined by " "
};

// One request doctor sent itself: never retried, never refreshed.
struct exchange_facts {
    std::string label;        // "probe users.me", "operation sheets.get"
    attempt seen;             // the raw attempt (plugin/core/outcome.hpp)
    std::string reason;       // the classifier's reason for a failure ("" for a success)
    std::string description;  // the manifest rule's description, may be empty

    bool succeeded() const { return seen.http_status >= 200 && seen.http_status < 300 && reason.empty(); }
};

// What the connector knows of the API host's health: its circuit and recent transient failures.
struct outage_facts {
    std::string circuit_state;              // "closed", "open", "half_open"
    std::int64_t recent_server_errors = 0;  // over the health window
    std::int64_t recent_rate_limited = 0;
};

// Our clock against the provider's, from the Date of doctor's first answer.
struct clock_facts {
    std::int64_t local_ms = 0;                     // our clock when the answer arrived
    std::optional<std::int64_t> provider_date_ms;  // its Date; nullopt: no readable Date
    std::optional<std::int64_t> expires_at_ms;     // the token's end (provider time), when known
};

// The token itself: the probe, and after a 401 one refresh and the probe again.
struct token_facts {
    exchange_facts probe;
    bool refreshed = false;  // a refresh was run after the probe's 401
    status refresh_code = status::ok;
    std::string refresh_reason;
    std::string refresh_message;  // redacted
    std::optional<exchange_facts> probe_again;
    outage_facts outage;
};

// The operation the operator named, sent once.
struct operation_facts {
    std::string name;
    std::string refused;          // why it was not sent (unknown operation, bad parameters); "" when sent
    std::string required_scopes;  // joined by ", "
    std::string missing_scopes;   // those the grant lacks, joined by ", "
    std::string resource_kind;    // what a 403/404 is about, e.g. "sheet" …
    std::string resource_id;      // … and which one
    std::optional<exchange_facts> sent;
    outage_facts outage;
};

// A failed result a platform recorded (the --result file), compared with what doctor sees now.
struct recorded_attempt {
    int http_status = 0;
    std::string credential;  // "none", "bearer …a1b2c3", or "" when the attempt has no raw record
    std::optional<std::uint64_t> record_version;
    std::string method;
    std::string url;
};
struct recorded_facts {
    std::string problem;  // the file is not a tether result
    std::string status;   // the recorded result's status
    std::vector<recorded_attempt> attempts;
    std::uint64_t current_version = 0;        // the stored record's version now
    std::optional<bool> same_request_ok_now;  // with an operation: doctor's own request of it succeeded
};

struct evidence {
    stored_state_facts state;
    std::optional<clock_facts> clocks;
    std::optional<token_facts> token;
    std::optional<operation_facts> operation;
    std::optional<recorded_facts> recorded;
};

}  // namespace tether::doctor
