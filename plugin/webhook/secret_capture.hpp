// Capturing a webhook's shared secret from the answer of the operation that created the webhook or reset its
// secret (the manifest's `webhook_secret`): the secret goes into the connection's record, the caller gets
// the answer with the secret redacted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plugin/core/wipe.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/record/record_store.hpp"

namespace tether::webhook {

struct captured_secret {
    std::int64_t webhook_id = 0;
    wiped_string secret;
};

// Takes the secrets out of `body` (a JSON answer: one webhook, or with `each` a list of them), leaving each
// one's redacted form ("…" and the last 6 characters) in its place. Empty, and `body` unchanged, when the
// answer holds no secret with a webhook id.
std::vector<captured_secret> take_webhook_secrets(const manifest::webhook_secret_spec& spec, std::string& body);

// The record keeps `secret` for `webhook_id`, captured at `now_ms` (replacing an earlier secret of that
// webhook). Moot when the record already holds that secret. Beyond record::max_webhook_secrets, the webhook
// captured longest ago is forgotten.
record::record_change webhook_secret_captured(std::int64_t webhook_id, wiped_string secret, std::int64_t now_ms);

}  // namespace tether::webhook
