// The Smartsheet-Hmac-SHA256 signature of a webhook body: lowercase hex HMAC-SHA256 of the exact body bytes,
// keyed with the webhook's shared secret, and its comparison in constant time.
#pragma once

#include <string>
#include <string_view>

namespace tether::webhook {

// Lowercase hex HMAC-SHA256 of `message` keyed with `key`.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// Whether `presented` (hex, either case, surrounding spaces ignored) is the signature of `body` under
// `secret`. The comparison takes the same time wherever the first difference is.
bool signature_matches(std::string_view secret, std::string_view body, std::string_view presented);

}  // namespace tether::webhook
