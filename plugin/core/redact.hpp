// The one redaction rule of tether: a secret (token, refresh token, client secret, code, webhook secret) is
// only ever shown as its last 6 characters, "…a1b2c3". Every log line, message, health document and
// exception text that mentions a secret goes through here.
#pragma once

#include <string>
#include <string_view>

namespace tether {

// "…" followed by at most the last 6 characters; fewer for short secrets, so that at least half of a
// secret is always hidden. An empty secret is "(none)".
std::string redact(std::string_view secret);

// A URL as it may be shown: the value of every query parameter whose name suggests a secret (token, secret,
// code, key, password, signature, hash, auth, credential) redacted as above, the rest as it is — so that a
// shown request can still be repeated. Pure.
std::string redact_url_secrets(std::string_view url);

}  // namespace tether
