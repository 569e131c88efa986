// Talking to the provider's token endpoint: the code exchange and the refresh grant, with the manifest's
// client authentication, and every answer turned into either a grant or a classified failure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "plugin/auth/token_response.hpp"
#include "plugin/core/outcome.hpp"
#include "plugin/host/host_services.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"

namespace tether::auth {

// Why the token endpoint did not hand us a usable grant.
struct token_failure {
    manifest::error_action action = manifest::error_action::backoff;  // what the manifest's rules say
    std::string reason;               // the rule's reason (for reconnect: invalid_grant, revoked, …)
    std::string message;              // redacted, for humans
    attempt seen;                     // status, provider code, refId, transport error
    std::string oauth_error;
    std::optional<std::int64_t> retry_after_ms;
    bool may_have_minted = false;     // the server may have issued a pair whose answer we lost
};

struct token_answer {
    std::variant<token_grant, token_failure> result;
    std::optional<std::string> date_header;  // the response's Date, for skew and issue time
    std::int64_t received_local_ms = 0;
};

class token_endpoint {
public:
    token_endpoint(const manifest::connector_manifest& m, http::client& http, host_services& host)
        : manifest_(m), http_(http), host_(host) {}

    token_answer exchange_code(const manifest::resolved_settings& s, const std::string& code,
                               const std::string& redirect_uri, const std::string& code_verifier) const;
    // `timeout_ms` bounds the whole exchange (0: the transport's default), e.g. by what is left of a call's budget.
    token_answer refresh(const manifest::resolved_settings& s, const std::string& refresh_token,
                         std::int64_t timeout_ms = 0) const;

    // The client credentials grant (RFC 6749 §4.4) for `scopes` (none: the server's default).
    token_answer client_credentials(const manifest::resolved_settings& s, const std::vector<std::string>& scopes,
                                    std::int64_t timeout_ms = 0) const;

    // Classifies a failed or unreadable token response through the manifest's rules (pure; tested alone).
    token_failure classify(const http::response& r, std::int64_t provider_now_ms) const;

private:
    token_answer post(const manifest::resolved_settings& s, const std::string& subject,
                      std::vector<std::pair<std::string, std::string>> grant, std::int64_t timeout_ms = 0) const;

    const manifest::connector_manifest& manifest_;
    http::client& http_;
    host_services& host_;
};

}  // namespace tether::auth
