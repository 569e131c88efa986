// The authorization-code flow's pure parts: authorize URL, callback parsing, constant-time comparison.
#include "plugin/auth/authorization.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "plugin/auth/client_auth.hpp"
#include "plugin/core/sha256.hpp"
#include "plugin/manifest/request_binding.hpp"

namespace tether::auth {

std::string pkce_challenge(std::string_view verifier) {
    const auto digest = sha256(verifier);
    return base64url_no_padding(std::string_view(reinterpret_cast<const char*>(digest.data()), digest.size()));
}

std::string joined_scopes(const manifest::scope_spec& spec, const std::vector<std::string>& scopes) {
    std::string joined;
    for (const auto& name : scopes) {
        if (!joined.empty()) joined += spec.separator;
        joined += name;
    }
    return joined;
}

std::string build_authorize_url(const manifest::connector_manifest& m, const manifest::resolved_settings& s,
                                std::string_view state, std::string_view code_verifier) {
    std::vector<std::pair<std::string, std::string>> query;
    query.emplace_back("response_type", "code");
    query.emplace_back("client_id", s.client_id);
    if (!s.scopes.empty()) query.emplace_back("scope", joined_scopes(m.auth.scopes, s.scopes));
    query.emplace_back("state", std::string(state));
    if (!s.redirect_uri.empty()) query.emplace_back("redirect_uri", s.redirect_uri);
    if (!code_verifier.empty()) {
        query.emplace_back("code_challenge", pkce_challenge(code_verifier));
        query.emplace_back("code_challenge_method", "S256");
    }
    for (const auto& extra : m.auth.authorize_params) query.push_back(extra);

    std::string url = s.authorize_url;
    url += url.find('?') == std::string::npos ? '?' : '&';
    bool first = true;
    for (const auto& [name, value] : query) {
        if (!first) url += '&';
        first = false;
        url += manifest::percent_encode(name);
        url += '=';
        url += manifest::percent_encode(value);
    }
    return url;
}

std::string percent_decode(std::string_view text) {
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
            out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::optional<callback_params> parse_callback_url(std::string_view url) {
    const auto question = url.find('?');
    if (question == std::string_view::npos) return std::nullopt;
    std::string_view query = url.substr(question + 1);
    if (const auto hash = query.find('#'); hash != std::string_view::npos) query = query.substr(0, hash);
    callback_params p;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const auto eq = pair.find('=');
        const std::string name = percent_decode(pair.substr(0, eq));
        const std::string value = eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
        if (name == "code")
            p.code = value;
        else if (name == "state")
            p.state = value;
        else if (name == "error")
            p.error = value;
        else if (name == "error_description")
            p.error_description = value;
    }
    if (p.code.empty() && p.error.empty()) return std::nullopt;
    return p;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::vector<std::string> scopes_not_granted(const std::vector<std::string>& requested,
                                            const std::vector<std::string>& granted) {
    std::vector<std::string> missing;
    for (const auto& scope : requested)
        if (std::find(granted.begin(), granted.end(), scope) == granted.end()) missing.push_back(scope);
    return missing;
}

namespace {

// Text from the browser's URL, made fit for a message or a reason: at most `limit` bytes, on one line.
std::string one_line(std::string_view text, std::size_t limit) {
    std::string line(text.substr(0, limit));
    std::replace_if(
        line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }, ' ');
    return line;
}

}  // namespace

outcome callback_error_outcome(const callback_params& params) {
    // The error and its description come from the redirect's URL, which anyone can forge: never a secret,
    // but bounded and kept on one line before they become a reason or a message.
    const std::string error = one_line(params.error, 64);
    const std::string described =
        params.error_description.empty() ? "" : ": " + one_line(params.error_description, 200);
    if (error == "access_denied")
        return outcome::failure(status::reconnect_required, "access_denied",
                                "the user denied access on the provider's consent screen");
    if (error == "server_error" || error == "temporarily_unavailable") {
        auto o = outcome::failure(status::transient, error,
                                  "the provider could not complete the authorization ('" + error + "'" + described +
                                      "); start it again in a moment");
        o.retry_after_ms = 30'000;
        return o;
    }
    if (error == "invalid_request" || error == "unauthorized_client" || error == "unsupported_response_type" ||
        error == "invalid_scope")
        return outcome::failure(status::config_error, error,
                                "the provider refused the authorization request ('" + error + "'" + described +
                                    "): check the client id, the redirect URI and the scopes in the settings");
    return outcome::failure(status::reconnect_required, error,
                            "the provider returned the error '" + error + "'" + described);
}

}  // namespace tether::auth
