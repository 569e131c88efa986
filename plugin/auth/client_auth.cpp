// How the client authenticates at the token endpoint: Smartsheet's hash, client_secret_post or _basic.
#include "plugin/auth/client_auth.hpp"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

#include "plugin/core/hex.hpp"
#include "plugin/manifest/request_binding.hpp"

namespace tether::auth {

std::string smartsheet_hash(std::string_view secret, std::string_view subject) {
    std::string input;
    input.reserve(secret.size() + 1 + subject.size());
    input.append(secret).append("|").append(subject);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 is unavailable in libcrypto");
    OPENSSL_cleanse(input.data(), input.size());
    return lower_hex(digest.data(), length);
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

namespace {

std::string base64_with(std::string_view bytes, const char* alphabet, bool pad) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < bytes.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) | static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i < bytes.size()) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (i + 1 < bytes.size())
            out += alphabet[(v >> 6) & 63];
        else if (pad)
            out += '=';
        if (pad) out += '=';
    }
    return out;
}

}  // namespace

std::string base64(std::string_view bytes) {
    return base64_with(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", true);
}

std::string base64url_no_padding(std::string_view bytes) {
    return base64_with(bytes, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", false);
}

}  // namespace tether::auth
