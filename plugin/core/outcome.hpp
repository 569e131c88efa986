// What a verb produced: a status plus the details a host acts on. The ABI turns it into a tether_result.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/core/status.hpp"

namespace tether {

// One HTTP attempt of a verb, as reported in the attempt chain.
struct attempt {
    int http_status = 0;           // 0 when no response arrived (transport error)
    std::int64_t provider_code = 0;
    std::string ref_id;
    std::string transport_error;   // e.g. "connection reset", empty when a response arrived
    std::string action;            // what tether decided: "ok", "retry", "refresh_then_retry", "fail", …
    std::int64_t delay_ms = 0;     // the wait before the next attempt

    // The request in raw form, for troubleshooting (docs/troubleshooting.md). Recorded as cheap values on
    // every attempt; the redacted URL is made only when the chain is rendered (outcome_json.cpp). Empty
    // method: an attempt without that record (the token endpoint's).
    std::string method;                // "GET", …
    std::string url;                   // as sent: may hold secret query values, never rendered as it is
    std::string bearer_redacted;       // the bearer attached, redacted ("…a1b2c3"); empty: none attached
    std::uint64_t record_version = 0;  // the stored record's version the bearer came from (0: unknown)
    std::size_t request_bytes = 0;     // the request body's size
    // The response's Date header as sent (an IMF-fixdate has 29 characters), NUL-terminated; kept inline so
    // that recording it never allocates.
    std::array<char, 32> provider_date{};
    std::int64_t duration_ms = 0;      // from sending to the answer, on the host's clock
};

struct outcome {
    status code = status::ok;
    std::string reason;                 // machine-readable: "invalid_grant", "not_implemented", …
    std::string message;                // human-readable, already redacted
    int http_status = 0;
    std::int64_t provider_code = 0;
    std::string ref_id;
    std::int64_t retry_after_ms = -1;   // -1: not applicable
    std::string body;                   // the verb's payload (JSON or text)
    std::vector<attempt> attempts;
    std::optional<attempt> first_failure;
    std::string resource_kind;          // what a forbidden/not-found call was about, e.g. "sheet" …
    std::string resource_id;            // … and which one, e.g. "123"
    // For a failed call: one curl command line repeating the first failing request, the bearer written as
    // "$TETHER_ACCESS_TOKEN" (plugin/call/reproduction.hpp).
    std::string reproduce;

    static outcome failure(status code, std::string reason, std::string message) {
        outcome o;
        o.code = code;
        o.reason = std::move(reason);
        o.message = std::move(message);
        return o;
    }
};

}  // namespace tether
