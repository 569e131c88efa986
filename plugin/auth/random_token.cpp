// Unguessable identifiers from the host's random source.
#include "plugin/auth/random_token.hpp"

#include <string_view>
#include <vector>

#include "plugin/auth/client_auth.hpp"

namespace tether::auth {

std::optional<std::string> random_token(host_services& host, std::size_t bytes) {
    std::vector<std::byte> buffer(bytes);
    if (host.random_bytes(buffer) != status::ok) return std::nullopt;
    return base64url_no_padding(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

outcome random_source_failed(const std::string& connection_id) {
    return outcome::failure(status::host_error, "random_source_failed",
                            "the host's random_bytes callback failed; connection '" + connection_id +
                                "' needs unguessable values for this and cannot proceed without them");
}

}  // namespace tether::auth
