// How the client authenticates at the token endpoint: Smartsheet's hash, client_secret_post or _basic.
#include "plugin/auth/client_auth.hpp"

#include <tether/base64.hpp>

#include <array>
#include <stdexcept>

#include "plugin/core/sha256.hpp"
#include "plugin/core/wipe.hpp"
#include "plugin/manifest/request_binding.hpp"

namespace tether::auth {

std::string smartsheet_hash(std::string_view secret, std::string_view subject) {
    wiped_string input;  // holds the client secret
    input.reserve(secret.size() + 1 + subject.size());
    input.append(secret).append("|").append(subject);
    return to_hex(sha256(input));
}

std::string missing_client_credentials(const manifest::connector_manifest& m, const manifest::resolved_settings& s) {
    const auto& names = m.auth.credentials;
    if (s.client_id.empty()) return "the setting '" + names.client_id + "' (the client id) is required for OAuth 2.0";
    if (m.auth.client_auth != manifest::client_auth_method::none && s.client_secret.empty())
        return "the setting '" + names.client_secret + "' (the client secret) is required for OAuth 2.0";
    return "";
}

token_request_form authenticate_token_request(manifest::client_auth_method method, const std::string& client_id,
                                              const std::string& client_secret, const std::string& subject,
                                              std::vector<std::pair<std::string, std::string>> grant_fields) {
    token_request_form form;
    form.fields = std::move(grant_fields);
    using manifest::client_auth_method;
    switch (method) {
        case client_auth_method::smartsheet_hash:
            form.fields.emplace_back("client_id", client_id);
            form.fields.emplace_back("hash", smartsheet_hash(client_secret, subject));
            break;
        case client_auth_method::client_secret_post:
            form.fields.emplace_back("client_id", client_id);
            form.fields.emplace_back("client_secret", client_secret);
            break;
        case client_auth_method::client_secret_basic:
            form.headers.emplace_back(
                "Authorization", "Basic " + base64(manifest::percent_encode(client_id) + ":" +
                                                   manifest::percent_encode(client_secret)));
            break;
        case client_auth_method::none:
            form.fields.emplace_back("client_id", client_id);
            break;
    }
    return form;
}

std::string encode_form(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string body;
    for (const auto& [name, value] : fields) {
        if (!body.empty()) body += '&';
        body += manifest::percent_encode(name);
        body += '=';
        body += manifest::percent_encode(value);
    }
    return body;
}

std::string base64(std::string_view bytes) { return sdk::base64_encode(bytes); }

std::string base64url_no_padding(std::string_view bytes) { return sdk::base64url_encode(bytes); }

}  // namespace tether::auth
