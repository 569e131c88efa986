// Diagnosis: the health facts of a connection → findings, each with the signal, the evidence and the first
// action from the monitoring table of docs/smartsheet.md. Pure; every rule is tested with synthetic facts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tether::health {

struct health_facts {
    std::string state;  // healthy | degraded | reconnect_required | unknown
    std::string reconnect_reason;
    std::string reconnect_detail;
    std::string load_problem;   // the stored record could not be read
    std::string storage_problem;  // the host's storage failed when the document was built
    bool unsaved_tokens = false;  // minted tokens waiting for storage

    std::optional<std::int64_t> declared_lifetime_ms;
    std::optional<std::int64_t> learned_lifetime_ms;
    std::optional<std::int64_t> early_death_age_ms;
    std::optional<std::int64_t> refresh_after_ms;  // the age at which tether now refreshes

    struct operation_window {
        std::string operation;
        std::int64_t calls = 0;
        std::int64_t unauthorized = 0;
    };
    std::vector<operation_window> operations;  // over the window
    struct resource_window {
        std::string resource;  // "sheet 2004"
        std::int64_t forbidden = 0;
    };
    std::vector<resource_window> forbidden;

    std::int64_t refresh_attempts = 0;  // over the window
    std::int64_t refresh_successes = 0;
    std::int64_t retries = 0;
    std::int64_t budget_exhausted = 0;
    std::int64_t rate_limited = 0;
    std::int64_t server_errors = 0;
    bool circuit_open = false;
    int window_minutes = 15;
};

struct finding {
    std::string signal;        // a stable machine name: forbidden_resource, unauthorized_rate, …
    std::string severity;      // info | warning | critical
    std::string evidence;      // what was seen, with numbers
    std::string first_action;  // what to do first
};

std::vector<finding> diagnose(const health_facts& facts);

// "3 h 2 min", "7 days", "45 s".
std::string human_duration(std::int64_t ms);

}  // namespace tether::health
