// The `hash` parameter of the token endpoint: lowercase hex SHA-256 of app_secret + "|" + code-or-refresh-token.
#pragma once

#include <string>
#include <string_view>

namespace tether::emulator::detail {

std::string sha256_hex(std::string_view data);
// Smartsheet-Hmac-SHA256: lowercase hex HMAC-SHA256 of a callback body keyed with the webhook's shared secret.
std::string hmac_sha256_hex(std::string_view key, std::string_view data);
std::string expected_token_hash(std::string_view client_secret, std::string_view code_or_refresh_token);

}  // namespace tether::emulator::detail
