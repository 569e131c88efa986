// SHA-256 through OpenSSL: PKCE challenges, Smartsheet's refresh hash, record key ids. One place that calls
// libcrypto's digest, so that every caller fails the same way when it is unavailable.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace tether {

using sha256_digest = std::array<unsigned char, 32>;

// Throws std::runtime_error when libcrypto cannot compute it (a broken installation).
sha256_digest sha256(std::string_view input);

// Lowercase hex of the first `bytes` bytes of a digest (all of it by default).
std::string to_hex(const sha256_digest& digest, std::size_t bytes = 32);

}  // namespace tether
