// How the client authenticates at the token endpoint (manifest auth.client_auth): the form fields and
// headers of a token request. Pure; the only place that handles the client secret.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"

namespace tether::auth {

struct token_request_form {
    std::vector<std::pair<std::string, std::string>> fields;   // form fields, not yet encoded
    std::vector<std::pair<std::string, std::string>> headers;  // e.g. Authorization: Basic …
};

// What the token endpoint would miss of the client's credentials in these settings ("" when nothing): a
// manifest that also accepts API tokens may leave them optional, so OAuth verbs check them when they run.
std::string missing_client_credentials(const manifest::connector_manifest& m, const manifest::resolved_settings& s);

// lowercase hex SHA-256 of secret + "|" + subject (Smartsheet's `hash`).
std::string smartsheet_hash(std::string_view secret, std::string_view subject);

// Adds client_id and the client's proof to `grant_fields` (grant_type, code or refresh_token, …).
// `subject` is the code or refresh token (what the Smartsheet hash covers).
token_request_form authenticate_token_request(manifest::client_auth_method method, const std::string& client_id,
                                              const std::string& client_secret, const std::string& subject,
                                              std::vector<std::pair<std::string, std::string>> grant_fields);

// application/x-www-form-urlencoded body of the fields.
std::string encode_form(const std::vector<std::pair<std::string, std::string>>& fields);

std::string base64(std::string_view bytes);
std::string base64url_no_padding(std::string_view bytes);

}  // namespace tether::auth
