// The per-call limits of the call verb: transport timeouts and the total time budget. Defaults suit a SaaS
// API; they are not in the manifest format (yet), so every connector gets the same sane values.
#pragma once

#include <cstdint>

namespace tether::call {

struct call_limits {
    std::int64_t connect_timeout_ms = 10'000;  // TCP + TLS handshake of one attempt
    std::int64_t attempt_timeout_ms = 30'000;  // one whole attempt, response included
    // The whole call (every attempt, backoff wait and page): the next retry is not waited for when it would
    // end past this; the host gets TRANSIENT with retry_after_ms instead. Beyond errors.backoff.max_retries.
    std::int64_t max_elapsed_ms = 60'000;
    std::int64_t max_pages = 10'000;  // all_pages stops (truncated) after this many pages
};

}  // namespace tether::call
