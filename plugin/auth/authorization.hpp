// The authorization-code flow's pure parts: the authorize URL (state, scopes, PKCE S256), reading the
// provider's redirect back, and comparing states in constant time.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/outcome.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"

namespace tether::auth {

// The PKCE S256 challenge of a verifier: base64url(SHA-256(verifier)) without padding.
std::string pkce_challenge(std::string_view verifier);

// The `scope` parameter's value: the scopes joined by the manifest's separator.
std::string joined_scopes(const manifest::scope_spec& spec, const std::vector<std::string>& scopes);

// The provider's authorize URL for these settings, with `state` and (when non-empty) the PKCE challenge.
std::string build_authorize_url(const manifest::connector_manifest& m, const manifest::resolved_settings& s,
                                std::string_view state, std::string_view code_verifier);

// What came back on the redirect: either a code (+ state) or an error (+ state).
struct callback_params {
    std::string code;
    std::string state;
    std::string error;  // e.g. access_denied
    std::string error_description;
};

// Reads the query of a full callback URL (percent-decoded). nullopt when it has neither code nor error.
std::optional<callback_params> parse_callback_url(std::string_view url);

// What an `error` on the redirect means (RFC 6749 §4.1.2.1): the user said no (`access_denied`) or an
// unknown error — a human must authorize again: TETHER_RECONNECT_REQUIRED; the provider could not answer
// now (`server_error`, `temporarily_unavailable`): TETHER_TRANSIENT, start again later; the request tether
// built is wrong (`invalid_request`, `unauthorized_client`, `unsupported_response_type`, `invalid_scope`):
// TETHER_CONFIG_ERROR, check the client id, redirect URI and scopes. The reason is the error as given.
outcome callback_error_outcome(const callback_params& params);

// Percent-decoding of a query component ('+' is a space).
std::string percent_decode(std::string_view text);

// Those of `requested` that `granted` lacks, in request order: a provider may grant fewer scopes than asked
// for (RFC 6749 §3.3), saying so in the token response's `scope`.
std::vector<std::string> scopes_not_granted(const std::vector<std::string>& requested,
                                            const std::vector<std::string>& granted);

// Equality that takes the same time wherever the strings differ (state and hash comparisons).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace tether::auth
