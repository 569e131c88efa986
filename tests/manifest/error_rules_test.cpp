// Error rules as pure functions: fields read from error bodies, rules matched in order.
#include "plugin/manifest/error_rules.hpp"

#include <catch2/catch.hpp>

namespace m = tether::manifest;

namespace {

m::error_body_shape smartsheet_shape() {
    m::error_body_shape shape;
    shape.provider_code = "/errorCode";
    shape.message = "/message";
    shape.ref_id = "/refId";
    shape.oauth_error = "/error";
    shape.detail = "/detail";
    return shape;
}

m::error_rule rule(m::rule_match match, m::error_action action, std::string reason) {
    m::error_rule r;
    r.match = std::move(match);
    r.action = action;
    r.reason = std::move(reason);
    return r;
}

}  // namespace

TEST_CASE("the provider's fields are read from a Smartsheet error body") {
    auto fields = m::read_error_fields(
        smartsheet_shape(), R"({"errorCode": 1003, "message": "Your Access Token has expired.", "refId": "a1b2c3"})");
    CHECK(fields.provider_code == "1003");
    CHECK(fields.message == "Your Access Token has expired.");
    CHECK(fields.ref_id == "a1b2c3");
    CHECK_FALSE(fields.oauth_error);
    CHECK_FALSE(fields.detail);

    auto token = m::read_error_fields(smartsheet_shape(),
                                      R"({"errorCode": 1071, "error": "invalid_grant", "message": "Invalid grant"})");
    CHECK(token.provider_code == "1071");
    CHECK(token.oauth_error == "invalid_grant");
}

TEST_CASE("a body that is not JSON, or has fields of other types, yields no fields") {
    for (const char* body : {"", "<html>Bad Gateway</html>", "{\"errorCode\":", "[1, 2]", "null"}) {
        INFO(body);
        auto fields = m::read_error_fields(smartsheet_shape(), body);
        CHECK_FALSE(fields.provider_code);
        CHECK_FALSE(fields.message);
    }
    auto odd = m::read_error_fields(smartsheet_shape(), R"({"errorCode": {"x": 1}, "message": ["a"], "refId": 7.5})");
    CHECK_FALSE(odd.provider_code);
    CHECK_FALSE(odd.message);
    CHECK_FALSE(odd.ref_id);
    auto string_code = m::read_error_fields(smartsheet_shape(), R"({"errorCode": "E_TOKEN"})");
    CHECK(string_code.provider_code == "E_TOKEN");
}

TEST_CASE("a match needs every criterion it states and any one entry of a list") {
    m::rule_match match;
    match.endpoint = m::endpoint_kind::api;
    match.statuses = {{401, 401}, {500, 599}};
    match.provider_codes = {"1002", "1003"};
    CHECK(m::matches(match, {m::endpoint_kind::api, 401, "1003", std::nullopt}));
    CHECK(m::matches(match, {m::endpoint_kind::api, 503, "1002", std::nullopt}));
    CHECK_FALSE(m::matches(match, {m::endpoint_kind::token, 401, "1003", std::nullopt}));
    CHECK_FALSE(m::matches(match, {m::endpoint_kind::api, 403, "1003", std::nullopt}));
    CHECK_FALSE(m::matches(match, {m::endpoint_kind::api, 401, "1004", std::nullopt}));
    CHECK_FALSE(m::matches(match, {m::endpoint_kind::api, 401, std::nullopt, std::nullopt}));  // no code in the body
    CHECK(m::matches(m::rule_match{}, {m::endpoint_kind::token, 302, std::nullopt, std::nullopt}));
}

TEST_CASE("the first matching rule wins and no match means no rule") {
    m::error_spec errors;
    errors.rules = {
        rule({m::endpoint_kind::api, {{401, 401}}, {"1005"}, {}}, m::error_action::reconnect, "sso_required"),
        rule({m::endpoint_kind::api, {{401, 401}}, {}, {}}, m::error_action::refresh_then_retry, "unauthorized"),
        rule({std::nullopt, {{500, 599}}, {}, {}}, m::error_action::backoff, "unavailable"),
    };
    CHECK(m::match_error_rule(errors, {m::endpoint_kind::api, 401, "1005", {}})->reason == "sso_required");
    CHECK(m::match_error_rule(errors, {m::endpoint_kind::api, 401, "1003", {}})->reason == "unauthorized");
    CHECK(m::match_error_rule(errors, {m::endpoint_kind::token, 502, {}, {}})->reason == "unavailable");
    CHECK(m::match_error_rule(errors, {m::endpoint_kind::api, 404, {}, {}}) == nullptr);
}
