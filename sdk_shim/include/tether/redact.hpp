/* tether's one redaction rule, for hosts as for the library: a secret (token, refresh token, client secret,
 * code, webhook secret) is only ever shown as its last 6 characters, "…a1b2c3" — fewer for a short secret,
 * so that at least half of it is always hidden. A host that logs or displays a secret should use this. */
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace tether::sdk {

// "…" followed by at most the last 6 characters; "(none)" for an empty secret.
inline std::string redact(std::string_view secret) {
    if (secret.empty()) return "(none)";
    const std::size_t shown = std::min<std::size_t>(6, secret.size() / 2);
    return "\u2026" + std::string(secret.substr(secret.size() - shown));
}

}  // namespace tether::sdk
