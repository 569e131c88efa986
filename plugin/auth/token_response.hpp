// A token endpoint's successful answer → the grant it carries. Pure; a malformed answer is reported (the
// caller treats it as an outage: the pair may exist at the provider, but we cannot use what we cannot read).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "plugin/core/wipe.hpp"

namespace tether::auth {

struct token_grant {
    wiped_string access_token;   // the secrets are wiped from memory when the grant is released
    wiped_string refresh_token;  // empty when the response has none
    std::string token_type;
    std::optional<std::int64_t> expires_in_s;  // 1 to max_lifetime_s (plugin/core/time_bounds.hpp)
    bool expires_in_clamped = false;           // the answer declared a longer lifetime
    std::vector<std::string> scopes;           // from `scope` when present (space-separated)
};

// Whether a token endpoint's body is an OAuth error ({"error": "…"}): some servers send one with a 200, and
// it means the same as with a 400.
bool carries_oauth_error(std::string_view body);

// Returns the grant, or what is wrong with the body (never quoting it: it holds secrets). A token_type other
// than bearer (in any case) is wrong: tether can only send bearer tokens.
std::variant<token_grant, std::string> parse_token_response(std::string_view body);

}  // namespace tether::auth
