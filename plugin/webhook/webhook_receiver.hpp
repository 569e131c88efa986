// Receiving one inbound webhook request: a challenge is answered, a callback's signature is checked against
// the webhook's shared secret (and, when asked, its nonce and age), and the answer the host should send back
// is written into the outcome's body with the parsed event. No secret ever enters the outcome.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "plugin/core/outcome.hpp"
#include "plugin/core/wipe.hpp"
#include "plugin/webhook/replay_guard.hpp"
#include "plugin/webhook/webhook_payload.hpp"

namespace tether::webhook {

struct inbound_request {
    header_list headers;
    std::string body;                        // the exact bytes received
    std::optional<std::int64_t> webhook_id;  // when the host's routing knows it (e.g. from the callback path)
    std::optional<wiped_string> secret;      // a secret the host keeps itself; else the captured one is used
    std::int64_t replay_window_ms = 0;       // > 0: refuse replayed nonces and timestamps outside the window
};

// What happened, for the health counters.
struct receipt {
    outcome result;
    std::optional<std::int64_t> webhook_id;
    bool challenge = false;
};

// The captured shared secret of a webhook, or nullopt when none is known. With `reread`, from the store
// itself rather than this process's view (another process may have captured a newer secret).
using secret_lookup = std::function<std::optional<wiped_string>(std::int64_t webhook_id, bool reread)>;

// Statuses: ok (reason "challenge" or "event"), forbidden ("signature_missing", "signature_mismatch",
// "replayed", "stale"), bad_request ("not_webhook_payload", "webhook_id_mismatch"), config_error
// ("webhook_secret_unknown"). The body, on every path:
//   {"kind":"challenge"|"event"|"unknown","webhook_id":N,"response":{"status":S,"headers":{…},"body":"…"},
//    "event":{…}}   (event: the callback's parsed body, only when accepted)
receipt receive_webhook(const inbound_request& request, const secret_lookup& lookup, replay_guard& guard,
                        std::int64_t now_ms);

}  // namespace tether::webhook
