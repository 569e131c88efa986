// Unguessable identifiers from the host's random source: authorization states, PKCE verifiers, lease owners.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "plugin/core/outcome.hpp"
#include "plugin/host/host_services.hpp"

namespace tether::auth {

// `bytes` random bytes, base64url without padding; nullopt when the host's random callback fails.
std::optional<std::string> random_token(host_services& host, std::size_t bytes);

// The outcome of a verb that needed randomness the host could not give: a failure of a host callback.
outcome random_source_failed(const std::string& connection_id);

}  // namespace tether::auth
