// The one classifier: a failed response → the manifest rule's action.
#include "plugin/classify/response_classifier.hpp"

#include "plugin/http/retry_after.hpp"
#include "plugin/manifest/error_rules.hpp"

namespace tether::classify {

namespace {

using manifest::error_action;

// Text the server chose, made fit for a message: printable ASCII only, cut at `max` characters.
std::string printable(std::string_view text, std::size_t max) {
    std::string out;
    for (const char ch : text.substr(0, max)) out += ch >= 0x20 && ch < 0x7f ? ch : '?';
    return text.size() > max ? out + "…" : out;
}

// The Location without its query, fragment or user info: enough to see which URL setting is wrong, and
// nothing the server may have echoed from the request (a token in a query string).
std::string location_for_message(std::string_view location) {
    location = location.substr(0, location.find_first_of("?#"));
    const auto scheme = location.find("://");
    const auto authority = scheme == std::string_view::npos ? 0 : scheme + 3;
    const auto at = location.find('@', authority);
    if (at != std::string_view::npos && at < location.find('/', authority))
        return printable(std::string(location.substr(0, authority)) + std::string(location.substr(at + 1)), 200);
    return printable(location, 200);
}

// A failure without an HTTP response: tether's own refusals and a TLS failure are configuration problems; an
// answer past a cap is for the request to change (body) or is not retried within the call (headers);
// anything else is worth a retry.
void classify_transport(classification& c, const http::response& response) {
    c.seen.transport_error = std::string(http::to_string(response.error));
    c.reason = "transport_" + c.seen.transport_error;
    c.action = error_action::backoff;
    c.retry_non_idempotent = response.certainly_not_sent();
    switch (response.error) {
        case http::transport_error::refused_url:
        case http::transport_error::refused_header:
        case http::transport_error::tls:
            c.action = error_action::config_error;
            c.retry_non_idempotent = false;
            break;
        case http::transport_error::response_too_large:
            c.action = error_action::bad_request;
            c.reason = c.seen.transport_error;
            break;
        case http::transport_error::response_headers_too_large:
            // Asking again brings the same headers; the host may try later (fail: transient, no retry here).
            c.action = error_action::fail;
            c.reason = c.seen.transport_error;
            break;
        default:
            break;
    }
}

// A 3xx is never followed: a URL setting points at the wrong place, and the token must not go after it.
void classify_redirect(classification& c, const http::response& response) {
    c.action = error_action::config_error;
    c.reason = "unexpected_redirect";
    const std::string* location = response.find_header("Location");
    c.description = "redirected (HTTP " + std::to_string(response.status) + ") to " +
                    (location != nullptr ? location_for_message(*location) : std::string("no Location")) +
                    "; redirects are never followed — a URL setting (API base, token URL) is probably wrong";
}

// No rule: fall back on HTTP semantics, never on a reconnect (only a rule may say that).
error_action status_fallback(int s) {
    if (s == 429 || s == 408 || s >= 500) return error_action::backoff;
    if (s == 404 || s == 410) return error_action::not_found;
    if (s == 403) return error_action::forbidden;
    if (s >= 400) return error_action::bad_request;
    return error_action::fail;
}

void classify_by_rules(classification& c, const manifest::error_spec& errors, manifest::endpoint_kind endpoint,
                       const http::response& response) {
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
        c.action = status_fallback(response.status);
        c.retry_non_idempotent = response.status == 429;
    }
    if (c.reason.empty()) c.reason = "http_" + std::to_string(response.status);
}

}  // namespace

classification classify_response(const manifest::error_spec& errors, manifest::endpoint_kind endpoint,
                                 const http::response& response, std::int64_t provider_now_ms) {
    classification c;
    c.seen.http_status = response.status;
    if (!response.ok()) {
        classify_transport(c, response);
    } else if (response.status >= 300 && response.status < 400) {
        classify_redirect(c, response);
    } else {
        if (response.status >= 200 && response.status < 300) {
            // A 2xx the caller could not take as its answer: a page in front of the API, worth a retry.
            const std::string* type = response.find_header("Content-Type");
            c.action = error_action::backoff;
            c.reason = "unexpected_content_type";
            // Appended step by step: GCC 12 at -O3 misreads the nested operator+ as an overlapping memcpy.
            c.description = "the answer is ";
            if (type != nullptr)
                c.description.append("'").append(printable(*type, 100)).append("'");
            else
                c.description.append("untyped");
            c.description.append(", not JSON (a maintenance or proxy page?)");
        } else {
            classify_by_rules(c, errors, endpoint, response);
        }
        const std::string header_name =
            errors.backoff.retry_after_header.empty() ? "Retry-After" : errors.backoff.retry_after_header;
        if (const auto* header = response.find_header(header_name))
            c.retry_after_ms = http::parse_retry_after(*header, provider_now_ms);
    }
    c.seen.action = std::string(manifest::to_string(c.action));
    return c;
}

}  // namespace tether::classify
