// The one classifier: a failed response → the manifest rule's action.
#include "plugin/classify/response_classifier.hpp"

#include "plugin/http/retry_after.hpp"
#include "plugin/manifest/error_rules.hpp"

namespace tether::classify {

classification classify_response(const manifest::error_spec& errors, manifest::endpoint_kind endpoint,
                                 const http::response& response, std::int64_t provider_now_ms) {
    classification c;
    c.seen.http_status = response.status;
    if (!response.ok()) {
        c.action = manifest::error_action::backoff;
        c.seen.transport_error = std::string(http::to_string(response.error));
        c.reason = "transport_" + c.seen.transport_error;
        c.retry_non_idempotent = response.certainly_not_sent();
        if (response.error == http::transport_error::refused_url ||
            response.error == http::transport_error::refused_header || response.error == http::transport_error::tls) {
            c.action = manifest::error_action::config_error;
            c.retry_non_idempotent = false;
        }
        c.seen.action = std::string(manifest::to_string(c.action));
        return c;
    }

    const auto fields = manifest::read_error_fields(errors.body, response.body);
    manifest::error_facts facts;
    facts.endpoint = endpoint;
    facts.status = response.status;
    facts.provider_code = fields.provider_code;
    facts.oauth_error = fields.oauth_error;
    if (fields.provider_code) {
        try {
            c.seen.provider_code = std::stoll(*fields.provider_code);
        } catch (...) {
            c.seen.provider_code = 0;  // a non-numeric code still matches rules as text
        }
    }
    c.seen.ref_id = fields.ref_id.value_or("");
    c.oauth_error = fields.oauth_error.value_or("");

    if (const manifest::error_rule* rule = manifest::match_error_rule(errors, facts)) {
        c.action = rule->action;
        c.reason = rule->reason;
        c.description = rule->description;
        c.retry_non_idempotent = rule->retry_non_idempotent;
    } else {
        // No rule: fall back on HTTP semantics, never on a reconnect (only a rule may say that).
        const int s = response.status;
        if (s == 429 || s == 408 || s >= 500) {
            c.action = manifest::error_action::backoff;
            c.retry_non_idempotent = s == 429;
        } else if (s == 404 || s == 410) {
            c.action = manifest::error_action::not_found;
        } else if (s == 403) {
            c.action = manifest::error_action::forbidden;
        } else if (s >= 400) {
            c.action = manifest::error_action::bad_request;
        } else {
            c.action = manifest::error_action::fail;
        }
    }
    if (c.reason.empty()) c.reason = "http_" + std::to_string(response.status);
    const std::string header_name =
        errors.backoff.retry_after_header.empty() ? "Retry-After" : errors.backoff.retry_after_header;
    if (const auto* header = response.find_header(header_name))
        c.retry_after_ms = http::parse_retry_after(*header, provider_now_ms);
    c.seen.action = std::string(manifest::to_string(c.action));
    return c;
}

}  // namespace tether::classify
