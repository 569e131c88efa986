// The one redaction rule of tether: only the last 6 characters of a secret may ever be shown.
#include "plugin/core/redact.hpp"

#include <algorithm>

namespace tether {

std::string redact(std::string_view secret) {
    if (secret.empty()) return "(none)";
    const std::size_t shown = std::min<std::size_t>(6, secret.size() / 2);
    return "\u2026" + std::string(secret.substr(secret.size() - shown));
}

}  // namespace tether
