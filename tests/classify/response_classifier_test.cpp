// The one classifier over every rule of manifests/smartsheet.yaml (token endpoint and API), the manifest
// format's default rules, the classifier's own HTTP fallbacks and transport errors. Table-driven, no network.
#include "plugin/classify/response_classifier.hpp"

#include <catch2/catch.hpp>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "plugin/classify/content_type.hpp"
#include "plugin/http/http_date.hpp"
#include "plugin/manifest/error_rules.hpp"
#include "plugin/manifest/manifest.hpp"

namespace m = tether::manifest;
namespace http = tether::http;
using m::endpoint_kind;
using m::error_action;
using tether::classify::classify_response;

namespace {

const m::connector_manifest& smartsheet() {
    static const auto loaded = m::load_manifest_file(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml");
    REQUIRE(loaded.manifest);
    return *loaded.manifest;
}

http::response answer(int status, std::string body, std::vector<http::header> headers = {}) {
    http::response r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    return r;
}

std::string smartsheet_error(int code, const char* oauth_error = nullptr) {
    std::string body =
        R"({"errorCode":)" + std::to_string(code) + R"(,"message":"m","refId":"ref-)" + std::to_string(code) + "\"";
    if (oauth_error != nullptr) body += std::string(R"(,"error":")") + oauth_error + "\"";
    return body + "}";
}

struct row {
    endpoint_kind endpoint;
    int status;
    std::string body;
    error_action action;
    std::string reason;
    bool retry_non_idempotent = false;
};

const char* name(endpoint_kind e) {
    return e == endpoint_kind::api ? "api" : "token";
}

// Every row of the Smartsheet error map (docs/manifest.md), token endpoint first, then the API, then the
// generic fallbacks.
std::vector<row> smartsheet_rows() {
    const auto token = endpoint_kind::token;
    const auto api = endpoint_kind::api;
    return {
        {token, 401, smartsheet_error(1067, "invalid_client"), error_action::config_error, "invalid_client"},
        {token, 400, smartsheet_error(1068, "unsupported_grant_type"), error_action::config_error,
         "unsupported_grant_type"},
        {token, 400, smartsheet_error(1069, "invalid_grant"), error_action::reconnect, "authorization_code_expired"},
        {token, 400, smartsheet_error(1070, "invalid_request"), error_action::config_error, "missing_parameter"},
        {token, 400, smartsheet_error(1071, "invalid_grant"), error_action::reconnect, "invalid_grant"},
        {token, 400, smartsheet_error(1072), error_action::config_error, "invalid_hash"},
        {token, 400, smartsheet_error(1073), error_action::config_error, "redirect_uri_mismatch"},
        {token, 401, smartsheet_error(1132, "invalid_grant"), error_action::reconnect, "revoked"},
        {token, 400, smartsheet_error(1236), error_action::config_error, "client_auth_misconfigured"},
        {token, 400, smartsheet_error(1237), error_action::config_error, "client_auth_misconfigured"},
        {token, 401, smartsheet_error(1238), error_action::config_error, "invalid_client_secret"},
        {token, 400, R"({"error":"invalid_grant"})", error_action::reconnect, "invalid_grant"},
        {token, 401, R"({"error":"invalid_client"})", error_action::config_error, "invalid_client"},
        {token, 400, R"({"error":"unauthorized_client"})", error_action::config_error, "invalid_client"},
        {token, 429, "", error_action::backoff, "rate_limited", true},
        {token, 408, "", error_action::backoff, "token_endpoint_unavailable"},
        {token, 500, smartsheet_error(4000), error_action::backoff, "token_endpoint_unavailable"},
        {token, 504, "<html>Gateway Timeout</html>", error_action::backoff, "token_endpoint_unavailable"},
        {token, 400, smartsheet_error(1099), error_action::fail, "token_request_rejected"},
        {token, 405, "", error_action::fail, "token_request_rejected"},

        {api, 401, smartsheet_error(1001), error_action::refresh_then_retry, "token_missing"},
        {api, 401, smartsheet_error(1002), error_action::refresh_then_retry, "token_expired"},
        {api, 401, smartsheet_error(1003), error_action::refresh_then_retry, "token_expired"},
        {api, 401, smartsheet_error(1005), error_action::reconnect, "sso_required"},
        {api, 403, smartsheet_error(1004), error_action::forbidden, "not_authorized"},
        {api, 403, smartsheet_error(1014), error_action::forbidden, "license_required"},
        {api, 404, smartsheet_error(1006), error_action::not_found, "not_found"},
        {api, 400, smartsheet_error(1008), error_action::bad_request, "invalid_request"},
        {api, 400, smartsheet_error(1012), error_action::bad_request, "invalid_request"},
        {api, 429, smartsheet_error(4003), error_action::backoff, "rate_limited", true},
        {api, 503, smartsheet_error(4001), error_action::backoff, "maintenance", true},
        {api, 500, smartsheet_error(4000), error_action::backoff, "server_error"},
        {api, 500, smartsheet_error(4002), error_action::backoff, "server_error"},
        {api, 500, smartsheet_error(4004), error_action::backoff, "server_error"},
        {api, 410, smartsheet_error(4005), error_action::config_error, "api_version_retired"},

        {api, 401, "", error_action::refresh_then_retry, "unauthorized"},
        {api, 401, smartsheet_error(1099), error_action::refresh_then_retry, "unauthorized"},
        {api, 403, "", error_action::forbidden, "forbidden"},
        {token, 403, "", error_action::fail, "token_request_rejected"},  // the token section's 4xx comes first
        {api, 404, "<html>no</html>", error_action::not_found, "not_found"},
        {api, 410, "", error_action::config_error, "api_version_retired"},
        {api, 429, "", error_action::backoff, "rate_limited", true},
        {api, 408, "", error_action::backoff, "unavailable"},
        {api, 502, "<html>Bad Gateway</html>", error_action::backoff, "unavailable"},
        {api, 503, "", error_action::backoff, "unavailable"},
        {api, 400, smartsheet_error(1009), error_action::bad_request, "bad_request"},
        {api, 405, smartsheet_error(1010), error_action::bad_request, "bad_request"},
        {api, 600, "", error_action::fail, "unexpected_response"},
        {token, 600, "", error_action::fail, "unexpected_response"},
    };
}

// The Smartsheet manifest's text with its `errors` section replaced by `errors_section`.
std::string smartsheet_with_errors(const std::string& errors_section) {
    static const std::string all = [] {
        std::FILE* f = std::fopen((std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml").c_str(), "rb");
        std::string text;
        char buf[4096];
        for (std::size_t n; f != nullptr && (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
        if (f != nullptr) std::fclose(f);
        return text;
    }();
    const auto start = all.find("\nerrors:\n");
    const auto end = all.find("\noperations:\n");
    return all.substr(0, start + 1) + errors_section + all.substr(end + 1);
}

// The manifest text with an `errors` section that declares only the body shape: the default rules apply.
std::string smartsheet_with_default_rules() {
    return smartsheet_with_errors("errors:\n  body: {provider_code: /errorCode, oauth_error: /error}\n");
}

}  // namespace

TEST_CASE("every rule of the Smartsheet manifest decides its rows, and every rule is exercised") {
    const auto& errors = smartsheet().errors;
    std::set<const m::error_rule*> exercised;
    for (const auto& r : smartsheet_rows()) {
        INFO(name(r.endpoint) << " " << r.status << " " << r.body);
        const auto c = classify_response(errors, r.endpoint, answer(r.status, r.body), 0);
        CHECK(c.action == r.action);
        CHECK(c.reason == r.reason);
        CHECK(c.retry_non_idempotent == r.retry_non_idempotent);
        CHECK(c.seen.http_status == r.status);
        CHECK(c.seen.action == std::string(m::to_string(r.action)));

        const auto fields = m::read_error_fields(errors.body, r.body);
        const m::error_rule* rule =
            m::match_error_rule(errors, {r.endpoint, r.status, fields.provider_code, fields.oauth_error});
        REQUIRE(rule != nullptr);
        exercised.insert(rule);
    }
    for (const auto& rule : errors.rules) {
        INFO("rule at line " << rule.source_line << " (" << rule.reason << ") has no row");
        CHECK(exercised.count(&rule) == 1);
    }
    CHECK(exercised.size() == errors.rules.size());
}

TEST_CASE("the provider's code and refId are reported with the attempt") {
    const auto c = classify_response(smartsheet().errors, endpoint_kind::api, answer(401, smartsheet_error(1003)), 0);
    CHECK(c.seen.provider_code == 1003);
    CHECK(c.seen.ref_id == "ref-1003");
    CHECK(c.seen.transport_error.empty());
    CHECK_FALSE(c.retry_after_ms);
    CHECK_FALSE(c.description.empty());
}

TEST_CASE("Retry-After is read as seconds or as an HTTP date on the provider's clock") {
    const auto& errors = smartsheet().errors;
    const auto seconds =
        classify_response(errors, endpoint_kind::api, answer(429, smartsheet_error(4003), {{"retry-after", "7"}}), 0);
    CHECK(seconds.retry_after_ms == 7000);

    const std::int64_t provider_now = 1'700'000'000'000;
    const auto date = classify_response(
        errors, endpoint_kind::api,
        answer(503, smartsheet_error(4001), {{"Retry-After", http::format_http_date(provider_now + 12'000)}}),
        provider_now);
    CHECK(date.retry_after_ms == 12'000);

    const auto garbage = classify_response(errors, endpoint_kind::api,
                                           answer(503, smartsheet_error(4001), {{"Retry-After", "soon"}}), 0);
    CHECK_FALSE(garbage.retry_after_ms);
}

// The Smartsheet manifest ends with a catch-all rule (fail): these rows also show that a transport failure never
// reaches the rules.
TEST_CASE("transport errors: retryable, and safe for a POST only when the request was certainly not sent") {
    struct transport_row {
        http::transport_error error;
        error_action action;
        bool retry_non_idempotent;
    };
    const std::vector<transport_row> rows = {
        {http::transport_error::connect_failed, error_action::backoff, true},
        {http::transport_error::connect_timeout, error_action::backoff, true},
        {http::transport_error::timeout, error_action::backoff, false},
        {http::transport_error::connection_reset, error_action::backoff, false},
        {http::transport_error::bad_response, error_action::backoff, false},
        {http::transport_error::other, error_action::backoff, false},
        {http::transport_error::tls, error_action::config_error, false},
        {http::transport_error::refused_url, error_action::config_error, false},
        {http::transport_error::refused_header, error_action::config_error, false},
    };
    for (const auto& r : rows) {
        INFO(http::to_string(r.error));
        http::response failed;
        failed.error = r.error;
        const auto c = classify_response(smartsheet().errors, endpoint_kind::api, failed, 0);
        CHECK(c.action == r.action);
        CHECK(c.retry_non_idempotent == r.retry_non_idempotent);
        CHECK(c.seen.http_status == 0);
        CHECK(c.seen.transport_error == std::string(http::to_string(r.error)));
        CHECK(c.reason == "transport_" + std::string(http::to_string(r.error)));
    }
}

TEST_CASE("a manifest without rules gets the format's default rules") {
    const auto loaded = m::load_manifest_text(smartsheet_with_default_rules(), "defaults.yaml");
    for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(m::to_string(d));
    REQUIRE(loaded.manifest);
    const auto& errors = loaded.manifest->errors;
    REQUIRE_FALSE(errors.rules.empty());
    const std::vector<row> rows = {
        {endpoint_kind::token, 400, R"({"error":"invalid_grant"})", error_action::reconnect, "invalid_grant"},
        {endpoint_kind::token, 401, R"({"error":"invalid_client"})", error_action::config_error, "invalid_client"},
        {endpoint_kind::token, 400, R"({"error":"unauthorized_client"})", error_action::config_error, "invalid_client"},
        {endpoint_kind::api, 401, "", error_action::refresh_then_retry, "unauthorized"},
        {endpoint_kind::api, 403, "", error_action::forbidden, "forbidden"},
        {endpoint_kind::api, 404, "", error_action::not_found, "not_found"},
        {endpoint_kind::api, 429, "", error_action::backoff, "rate_limited", true},
        {endpoint_kind::api, 408, "", error_action::backoff, "unavailable"},
        {endpoint_kind::token, 503, "", error_action::backoff, "unavailable"},
        {endpoint_kind::api, 422, "", error_action::bad_request, "bad_request"},
        {endpoint_kind::token, 401, "", error_action::bad_request, "bad_request"},  // no refresh at the token endpoint
    };
    for (const auto& r : rows) {
        INFO(name(r.endpoint) << " " << r.status << " " << r.body);
        const auto c = classify_response(errors, r.endpoint, answer(r.status, r.body), 0);
        CHECK(c.action == r.action);
        CHECK(c.reason == r.reason);
        CHECK(c.retry_non_idempotent == r.retry_non_idempotent);
    }
    // A 3xx never reaches the rules.
    CHECK(classify_response(errors, endpoint_kind::api, answer(304, ""), 0).action == error_action::config_error);
}

namespace {

// The status fallback of docs/manifest.md ("When no rule matches"), one row per documented line and its edges.
struct fallback {
    int status;
    error_action action;
    bool retry_non_idempotent;
};

const std::vector<fallback> status_fallbacks = {
    {429, error_action::backoff, true},      {408, error_action::backoff, false},
    {500, error_action::backoff, false},     {502, error_action::backoff, false},
    {503, error_action::backoff, false},     {504, error_action::backoff, false},
    {599, error_action::backoff, false},     {404, error_action::not_found, false},
    {410, error_action::not_found, false},   {403, error_action::forbidden, false},
    {401, error_action::bad_request, false}, {400, error_action::bad_request, false},
    {405, error_action::bad_request, false}, {409, error_action::bad_request, false},
    {422, error_action::bad_request, false}, {499, error_action::bad_request, false},
    {101, error_action::fail, false},
};

}  // namespace

TEST_CASE("with no rule at all, the classifier falls back on HTTP semantics, never on a reconnect") {
    m::error_spec bare;  // no rules, no body shape
    for (const auto endpoint : {endpoint_kind::api, endpoint_kind::token}) {
        for (const auto& f : status_fallbacks) {
            INFO(name(endpoint) << " " << f.status);
            const auto c = classify_response(bare, endpoint, answer(f.status, smartsheet_error(1003)), 0);
            CHECK(c.action == f.action);
            CHECK(c.retry_non_idempotent == f.retry_non_idempotent);
            CHECK(c.reason == "http_" + std::to_string(f.status));
            CHECK(c.seen.action == std::string(m::to_string(f.action)));
            CHECK(c.seen.provider_code == 0);  // no body shape: nothing is read
        }
    }
}

TEST_CASE("when a manifest's rules match nothing, the same status fallback decides, and Retry-After still counts") {
    // One narrow rule that none of the fallback rows meets: a 401 with code 1003.
    const auto loaded = m::load_manifest_text(smartsheet_with_errors("errors:\n"
                                                                     "  body: {provider_code: /errorCode}\n"
                                                                     "  rules:\n"
                                                                     "    - match: {status: 401, provider_code: 1003}\n"
                                                                     "      action: reconnect\n"
                                                                     "      reason: narrow\n"),
                                              "narrow.yaml");
    for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(m::to_string(d));
    REQUIRE(loaded.manifest);
    const auto& errors = loaded.manifest->errors;
    REQUIRE(errors.rules.size() == 1);

    for (const auto& f : status_fallbacks) {
        INFO(f.status);
        const auto c = classify_response(errors, endpoint_kind::api, answer(f.status, smartsheet_error(1002)), 0);
        CHECK(c.action == f.action);
        CHECK(c.retry_non_idempotent == f.retry_non_idempotent);
        CHECK(c.reason == "http_" + std::to_string(f.status));
        CHECK(c.seen.provider_code == 1002);  // the body shape is still read for the report
    }
    CHECK(classify_response(errors, endpoint_kind::api, answer(401, smartsheet_error(1003)), 0).action ==
          error_action::reconnect);
    const auto limited = classify_response(errors, endpoint_kind::api, answer(429, "", {{"Retry-After", "9"}}), 0);
    CHECK(limited.action == error_action::backoff);
    CHECK(limited.retry_after_ms == 9000);
}

namespace {

// The Smartsheet rules, the default rules, and no rules at all: what no manifest can change is the same for all.
std::vector<std::pair<std::string, m::error_spec>> every_kind_of_rules() {
    const auto defaults = m::load_manifest_text(smartsheet_with_default_rules(), "defaults.yaml");
    REQUIRE(defaults.manifest);
    return {{"smartsheet", smartsheet().errors}, {"default rules", defaults.manifest->errors}, {"no rules", {}}};
}

}  // namespace

TEST_CASE("a 3xx never reaches the rules: config_error unexpected_redirect, with where it pointed") {
    for (const auto& [rules, errors] : every_kind_of_rules()) {
        for (const auto endpoint : {endpoint_kind::api, endpoint_kind::token}) {
            for (const int status : {301, 302, 303, 304, 307, 308}) {
                INFO(rules << " " << name(endpoint) << " " << status);
                const auto c = classify_response(
                    errors, endpoint, answer(status, smartsheet_error(1002), {{"Location", "https://eu.example/2.0"}}),
                    0);
                CHECK(c.action == error_action::config_error);
                CHECK(c.reason == "unexpected_redirect");
                CHECK(c.seen.http_status == status);
                CHECK(c.seen.action == "config_error");
                CHECK_THAT(c.description, Catch::Matchers::Contains("https://eu.example/2.0"));
            }
        }
    }
}

TEST_CASE("a redirect's Location is shown without its query, fragment or user info, and cut short") {
    const auto& errors = smartsheet().errors;
    const auto described = [&](std::string location) {
        return classify_response(errors, endpoint_kind::api, answer(302, "", {{"Location", std::move(location)}}), 0)
            .description;
    };
    const std::string echoed = described("https://sso.example/login?access_token=secret-token-123456#frag");
    CHECK_THAT(echoed, Catch::Matchers::Contains("https://sso.example/login"));
    CHECK(echoed.find("secret-token") == std::string::npos);
    CHECK(echoed.find("frag") == std::string::npos);

    const std::string credentials = described("https://user:pass@host.example/path");
    CHECK_THAT(credentials, Catch::Matchers::Contains("https://host.example/path"));
    CHECK(credentials.find("pass") == std::string::npos);

    CHECK(described("/" + std::string(5000, 'a')).size() < 500);
    CHECK(described("https://x.example/\r\nSet-Cookie: a").find('\n') == std::string::npos);
    const auto nowhere = classify_response(errors, endpoint_kind::api, answer(302, ""), 0);
    CHECK(nowhere.reason == "unexpected_redirect");
    CHECK_THAT(nowhere.description, Catch::Matchers::Contains("no Location"));
}

TEST_CASE("an answer past its cap: a body is the request's fault, headers end the call without a retry") {
    struct cap_row {
        http::transport_error error;
        error_action action;
        const char* reason;
    };
    const std::vector<cap_row> rows = {
        {http::transport_error::response_too_large, error_action::bad_request, "response_too_large"},
        {http::transport_error::response_headers_too_large, error_action::fail, "response_headers_too_large"},
    };
    for (const auto& [rules, errors] : every_kind_of_rules()) {
        for (const auto endpoint : {endpoint_kind::api, endpoint_kind::token}) {
            for (const auto& r : rows) {
                INFO(rules << " " << name(endpoint) << " " << http::to_string(r.error));
                http::response failed;
                failed.error = r.error;
                const auto c = classify_response(errors, endpoint, failed, 0);
                CHECK(c.action == r.action);
                CHECK(c.reason == r.reason);
                CHECK_FALSE(c.retry_non_idempotent);
                CHECK(c.seen.transport_error == r.reason);
                CHECK(c.seen.http_status == 0);
            }
        }
    }
}

TEST_CASE("a 2xx that is not JSON is unexpected_content_type: backoff, with the provider's Retry-After") {
    for (const auto& [rules, errors] : every_kind_of_rules()) {
        INFO(rules);
        const auto page =
            classify_response(errors, endpoint_kind::api,
                              answer(200, "<html>maintenance</html>",
                                     {{"Content-Type", "text/html; charset=utf-8"}, {"Retry-After", "30"}}),
                              0);
        CHECK(page.action == error_action::backoff);
        CHECK(page.reason == "unexpected_content_type");
        CHECK_FALSE(page.retry_non_idempotent);
        CHECK(page.retry_after_ms == 30'000);
        CHECK(page.seen.http_status == 200);
        CHECK_THAT(page.description, Catch::Matchers::Contains("text/html"));

        const auto untyped = classify_response(errors, endpoint_kind::api, answer(203, "{}"), 0);
        CHECK(untyped.reason == "unexpected_content_type");
        CHECK_THAT(untyped.description, Catch::Matchers::Contains("untyped"));
    }
}

TEST_CASE("JSON is application/json or a +json type, whatever the case, spaces and parameters") {
    using tether::classify::is_json_media_type;
    for (const char* json :
         {"application/json", "Application/JSON", "application/json;charset=UTF-8", " application/json ; charset=utf-8",
          "application/problem+json", "application/vnd.api+json; ext=bulk"})
        CHECK(is_json_media_type(json));
    for (const char* other : {"", "text/html", "text/json-ish", "application/jsonp", "application/+json", "/json",
                              "application/json5", "text/plain; note=application/json", "json"})
        CHECK_FALSE(is_json_media_type(other));
}

TEST_CASE("a 2xx is an answer when it is JSON or has no body at all") {
    using tether::classify::acceptable_success;
    CHECK(acceptable_success(answer(200, "{}", {{"content-type", "application/json"}})));
    CHECK(acceptable_success(answer(204, "")));
    CHECK(acceptable_success(answer(200, "", {{"Content-Type", "text/html"}})));  // nothing to misread
    CHECK_FALSE(acceptable_success(answer(200, "<html/>", {{"Content-Type", "text/html"}})));
    CHECK_FALSE(acceptable_success(answer(200, "{}")));  // a body without a type is not taken on trust
}
