// Talking to the provider's token endpoint. Every answer becomes a grant or a classified failure; nothing
// here decides what to do with either (that is the token keeper's job).
#include "plugin/auth/token_endpoint.hpp"

#include <algorithm>

#include "plugin/auth/authorization.hpp"
#include "plugin/auth/client_auth.hpp"
#include "plugin/classify/response_classifier.hpp"
#include "plugin/core/wipe.hpp"
#include "plugin/http/clock_skew.hpp"

namespace tether::auth {

namespace {

// A token answer is a few hundred bytes; anything near this is not one, and must not fill the host's memory.
constexpr std::int64_t max_token_answer_bytes = 1024 * 1024;

// The token endpoint's answer carries the pair: its body is wiped however post() returns.
struct body_wiped_on_return {
    std::string& body;
    ~body_wiped_on_return() { wipe(body); }
};

}  // namespace

token_answer token_endpoint::exchange_code(const manifest::resolved_settings& s, const std::string& code,
                                           const std::string& redirect_uri, const std::string& code_verifier) const {
    std::vector<std::pair<std::string, std::string>> grant{{"grant_type", "authorization_code"}, {"code", code}};
    if (!redirect_uri.empty()) grant.emplace_back("redirect_uri", redirect_uri);
    if (!code_verifier.empty()) grant.emplace_back("code_verifier", code_verifier);
    return post(s, code, std::move(grant));
}

token_answer token_endpoint::refresh(const manifest::resolved_settings& s, const std::string& refresh_token,
                                     std::int64_t timeout_ms) const {
    std::vector<std::pair<std::string, std::string>> grant{{"grant_type", "refresh_token"},
                                                           {"refresh_token", refresh_token}};
    if (!s.redirect_uri.empty()) grant.emplace_back("redirect_uri", s.redirect_uri);
    return post(s, refresh_token, std::move(grant), timeout_ms);
}

token_answer token_endpoint::client_credentials(const manifest::resolved_settings& s,
                                                const std::vector<std::string>& scopes, std::int64_t timeout_ms) const {
    std::vector<std::pair<std::string, std::string>> grant{{"grant_type", "client_credentials"}};
    if (!scopes.empty()) grant.emplace_back("scope", joined_scopes(manifest_.auth.scopes, scopes));
    return post(s, "", std::move(grant), timeout_ms);
}

token_answer token_endpoint::post(const manifest::resolved_settings& s, const std::string& subject,
                                  std::vector<std::pair<std::string, std::string>> grant,
                                  std::int64_t timeout_ms) const {
    token_answer answer;
    if (auto missing = missing_client_credentials(manifest_, s); !missing.empty()) {
        token_failure f;
        f.action = manifest::error_action::config_error;
        f.reason = "client_credentials_missing";
        f.message = std::move(missing);
        f.seen.action = "config_error";
        answer.result = std::move(f);
        return answer;
    }
    const auto form =
        authenticate_token_request(manifest_.auth.client_auth, s.client_id, s.client_secret, subject, std::move(grant));
    http::request req;
    req.method = "POST";
    req.url = s.token_url;
    req.body = encode_form(form.fields);
    req.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    req.headers.push_back({"Accept", "application/json"});
    req.max_body_bytes = max_token_answer_bytes;
    for (const auto& [name, value] : form.headers) req.headers.push_back({name, value});
    if (timeout_ms > 0) {
        req.total_timeout_ms = std::min(req.total_timeout_ms, timeout_ms);
        req.connect_timeout_ms = std::min(req.connect_timeout_ms, req.total_timeout_ms);
    }

    http::response r = http_.send(req);
    const body_wiped_on_return wiped{r.body};
    answer.received_local_ms = host_.now_ms();
    if (const auto* date = r.find_header("Date")) answer.date_header = *date;

    if (r.ok() && r.status >= 200 && r.status < 300 && carries_oauth_error(r.body)) {
        // An error in a success's clothing: judged by the rules as the 400 it stands for, reported as sent.
        http::response as_error;
        as_error.status = 400;
        as_error.headers = r.headers;
        as_error.body = r.body;
        const body_wiped_on_return error_wiped{as_error.body};
        token_failure f = classify(as_error, answer.received_local_ms);
        f.seen.http_status = r.status;
        f.may_have_minted = false;
        if (const auto at = f.message.find("HTTP 400"); at != std::string::npos)
            f.message.replace(at, 8, "HTTP " + std::to_string(r.status) + " carrying an OAuth error");
        answer.result = std::move(f);
        return answer;
    }
    if (r.ok() && r.status >= 200 && r.status < 300) {
        auto parsed = parse_token_response(r.body);
        if (auto* grant_ok = std::get_if<token_grant>(&parsed)) {
            answer.result = std::move(*grant_ok);
            return answer;
        }
        token_failure garbage;
        garbage.action = manifest::error_action::backoff;
        garbage.reason = "token_response_unreadable";
        garbage.message = std::get<std::string>(parsed);
        garbage.seen.http_status = r.status;
        garbage.seen.action = "backoff";
        garbage.may_have_minted = true;  // a 2xx means the provider issued something we cannot use
        answer.result = std::move(garbage);
        return answer;
    }
    const std::int64_t provider_now =
        answer.date_header
            ? http::believable_date(answer.received_local_ms, *answer.date_header).value_or(answer.received_local_ms)
            : answer.received_local_ms;
    answer.result = classify(r, provider_now);
    return answer;
}

token_failure token_endpoint::classify(const http::response& r, std::int64_t provider_now_ms) const {
    const auto c = classify::classify_response(manifest_.errors, manifest::endpoint_kind::token, r, provider_now_ms);
    token_failure f;
    f.action = c.action;
    f.reason = c.reason;
    f.seen = c.seen;
    f.oauth_error = c.oauth_error;
    f.retry_after_ms = c.retry_after_ms;
    // A 5xx, 408, timeout or reset may come after the provider minted a pair ("mint then fail").
    f.may_have_minted = r.ok() ? (r.status >= 500 || r.status == 408) : !r.certainly_not_sent();
    if (r.error == http::transport_error::response_too_large) {
        f.message = "the token endpoint's answer is larger than " + std::to_string(max_token_answer_bytes) +
                    " bytes; it was not read";
    } else if (r.error == http::transport_error::response_headers_too_large) {
        f.message = "the token endpoint's response headers are larger than " +
                    std::to_string(http::request{}.max_header_bytes) + " bytes; they were not read";
    } else if (!r.ok()) {
        f.message = "the token endpoint could not be reached (" + c.seen.transport_error + ")";
    } else {
        f.message = "the token endpoint answered HTTP " + std::to_string(r.status);
        if (c.seen.provider_code != 0) f.message += " with error code " + std::to_string(c.seen.provider_code);
        if (!f.oauth_error.empty()) f.message += " (" + f.oauth_error + ")";
    }
    if (!c.description.empty()) f.message += ": " + c.description;
    return f;
}

}  // namespace tether::auth
