// The Smartsheet manifest: it loads cleanly and says what docs/smartsheet.md says about Smartsheet.
#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <type_traits>
#include <utility>

#include "plugin/manifest/error_rules.hpp"
#include "plugin/manifest/manifest.hpp"

namespace m = tether::manifest;

namespace {

const std::string smartsheet_path = std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml";

std::shared_ptr<const m::connector_manifest> smartsheet() {
    static const auto loaded = [] {
        auto result = m::load_manifest_file(smartsheet_path);
        for (const auto& d : result.diagnostics) UNSCOPED_INFO(m::to_string(d));
        return result.manifest;
    }();
    REQUIRE(loaded);
    return loaded;
}

std::string region_of(const m::server& s) {
    return s.region;
}

// The action the rules give a response, or "fail (no rule)" when none matches.
std::string action_for(m::endpoint_kind endpoint, int status, std::optional<std::string> code,
                       std::optional<std::string> oauth_error = std::nullopt) {
    const auto* rule =
        m::match_error_rule(smartsheet()->errors, {endpoint, status, std::move(code), std::move(oauth_error)});
    if (!rule) return "fail (no rule)";
    std::string out(m::to_string(rule->action));
    if (!rule->reason.empty()) out += " " + rule->reason;
    return out;
}

}  // namespace

TEST_CASE("the Smartsheet manifest loads with no diagnostics") {
    auto result = m::load_manifest_file(smartsheet_path);
    for (const auto& d : result.diagnostics) INFO(m::to_string(d));
    CHECK(result.diagnostics.empty());
    REQUIRE(result.manifest);
    CHECK(result.manifest->connector.name == "smartsheet");
    CHECK(result.manifest->format_version == 1);
    CHECK(result.manifest->source == smartsheet_path);
}

TEST_CASE("a loaded manifest is immutable and shared") {
    // Connections share one model through shared_ptr<const>: nothing can change it after load.
    static_assert(std::is_same_v<decltype(m::load_result::manifest), std::shared_ptr<const m::connector_manifest>>);
    static_assert(std::is_const_v<std::remove_reference_t<decltype(*smartsheet())>>);
    auto again = m::load_manifest_file(smartsheet_path).manifest;
    REQUIRE(again);
    CHECK(again.get() == smartsheet().get());  // the same text loaded again is not parsed again
    CHECK(again->operations.size() == smartsheet()->operations.size());
}

TEST_CASE("Smartsheet has four regions selected by the region setting, overridable for an emulator") {
    const auto& servers = smartsheet()->servers;
    std::vector<std::string> regions;
    std::transform(servers.regions.begin(), servers.regions.end(), std::back_inserter(regions), region_of);
    CHECK(regions == std::vector<std::string>{"com", "eu", "au", "gov"});
    CHECK(servers.find("com")->api_base.text == "https://api.smartsheet.com/2.0");
    CHECK(servers.find("eu")->api_base.text == "https://api.smartsheet.eu/2.0");
    CHECK(servers.find("au")->api_base.text == "https://api.smartsheet.au/2.0");
    CHECK(servers.find("gov")->api_base.text == "https://api.smartsheetgov.com/2.0");
    CHECK(servers.find("com")->authorize_url.text == "https://app.smartsheet.com/b/authorize");
    CHECK(servers.find("gov")->authorize_url.text == "https://app.smartsheetgov.com/b/authorize");
    CHECK(servers.region_setting == "region");
    CHECK(servers.api_base_setting == "base_url");
    CHECK(servers.authorize_url_setting == "authorize_url");

    const auto* region = smartsheet()->find_setting("region");
    REQUIRE(region);
    CHECK(std::get<std::string>(*region->spec.default_value) == "com");
}

TEST_CASE("Smartsheet auth is OAuth2 with the hash, rotating refresh tokens and the users.me probe") {
    const auto& auth = smartsheet()->auth;
    CHECK(auth.type == m::auth_type::oauth2);
    CHECK(auth.client_auth == m::client_auth_method::smartsheet_hash);
    CHECK_FALSE(auth.pkce);
    CHECK(auth.token_url.text == "/token");
    CHECK(auth.credentials.client_id == "client_id");
    CHECK(auth.credentials.client_secret == "client_secret");
    CHECK(smartsheet()->find_setting("client_secret")->secret);
    CHECK(auth.refresh.proactive_at == Approx(0.85));
    CHECK(auth.refresh.rotates_refresh_token);
    REQUIRE(auth.revoke);
    CHECK(auth.revoke->method == "DELETE");
    CHECK(auth.revoke->url.text == "/token");
    CHECK(auth.revoke->all_param == "deleteAllForApiClient");
    CHECK(auth.probe.operation == "users.me");
    CHECK(auth.probe.user_id_pointer == "/id");
}

TEST_CASE("Smartsheet declares all 17 scopes") {
    const auto& known = smartsheet()->auth.scopes.known;
    CHECK(known.size() == 17);
    for (const char* scope :
         {"ADMIN_SHEETS", "ADMIN_SIGHTS", "ADMIN_USERS", "ADMIN_WEBHOOKS", "ADMIN_WORKSPACES", "CREATE_SHEETS",
          "CREATE_SIGHTS", "DELETE_SHEETS", "DELETE_SIGHTS", "READ_CONTACTS", "READ_EVENTS", "READ_SHEETS",
          "READ_SIGHTS", "READ_USERS", "SHARE_SHEETS", "SHARE_SIGHTS", "WRITE_SHEETS"})
        CHECK(std::count(known.begin(), known.end(), scope) == 1);
    CHECK(smartsheet()->auth.scopes.separator == " ");
}

TEST_CASE("Smartsheet operations have the right methods, paths, parameters and pagination") {
    const auto& ss = *smartsheet();
    for (const char* name :
         {"users.me", "sheets.list", "sheets.get", "rows.add", "rows.update", "rows.delete", "workspaces.list",
          "search", "webhooks.list", "webhooks.get", "webhooks.create", "webhooks.update", "webhooks.delete"}) {
        INFO(name);
        CHECK(ss.find_operation(name));
    }
    const auto* list = ss.find_operation("sheets.list");
    CHECK(list->pagination.style == m::pagination_style::offset);
    CHECK(list->pagination.page_param == "page");
    CHECK(list->pagination.page_size_param == "pageSize");
    CHECK(list->pagination.total_pages_field == "/totalPages");
    CHECK(list->pagination.items_field == "/data");

    const auto* workspaces = ss.find_operation("workspaces.list");
    CHECK(workspaces->pagination.style == m::pagination_style::token);
    CHECK(workspaces->pagination.cursor_param == "lastKey");
    CHECK(workspaces->pagination.limit_param == "maxItems");
    CHECK(workspaces->pagination.fixed_query ==
          std::vector<std::pair<std::string, std::string>>{{"paginationType", "token"}});

    const auto* del = ss.find_operation("rows.delete");
    CHECK(del->method == m::http_method::del);
    CHECK(del->path.text == "/sheets/{sheetId}/rows");
    CHECK(del->path.placeholders() == std::vector<std::string>{"sheetId"});
    const auto* ids = del->find_param("ids");
    REQUIRE(ids);
    CHECK(ids->in == m::param_location::query);
    CHECK(ids->spec.type == m::value_type::integer_list);
    CHECK(ids->spec.required);
    CHECK(del->resource->kind == "sheet");
    CHECK(del->resource->param == "sheetId");

    const auto* add = ss.find_operation("rows.add");
    CHECK(add->method == m::http_method::post);
    CHECK(add->body == m::body_mode::required);
    CHECK_FALSE(add->idempotent);
    CHECK(add->required_scopes == std::vector<std::string>{"WRITE_SHEETS"});
    CHECK(ss.find_operation("rows.update")->idempotent);
    CHECK(ss.find_operation("users.me")->required_scopes.empty());
    CHECK(ss.find_operation("search")->find_param("query")->spec.required);
}

TEST_CASE("Smartsheet error rules are ordered: specific codes first, generic fallbacks last") {
    const auto& rules = smartsheet()->errors.rules;
    REQUIRE(rules.size() >= 30);
    CHECK(rules.front().match.endpoint == m::endpoint_kind::token);
    CHECK(rules.front().match.provider_codes == std::vector<std::string>{"1067"});
    CHECK(rules.back().action == m::error_action::fail);
    CHECK(rules.back().match.statuses.empty());
    for (std::size_t i = 1; i < rules.size(); ++i) CHECK(rules[i - 1].source_line < rules[i].source_line);
    CHECK(smartsheet()->errors.body.provider_code == "/errorCode");
    CHECK(smartsheet()->errors.body.ref_id == "/refId");
    CHECK(smartsheet()->errors.body.oauth_error == "/error");
}

TEST_CASE("Smartsheet token endpoint errors map to config errors and reconnects") {
    using m::endpoint_kind;
    CHECK(action_for(endpoint_kind::token, 401, "1067", "invalid_client") == "config_error invalid_client");
    CHECK(action_for(endpoint_kind::token, 400, "1068") == "config_error unsupported_grant_type");
    CHECK(action_for(endpoint_kind::token, 400, "1069") == "reconnect authorization_code_expired");
    CHECK(action_for(endpoint_kind::token, 400, "1070") == "config_error missing_parameter");
    CHECK(action_for(endpoint_kind::token, 400, "1071", "invalid_grant") == "reconnect invalid_grant");
    CHECK(action_for(endpoint_kind::token, 400, "1072") == "config_error invalid_hash");
    CHECK(action_for(endpoint_kind::token, 400, "1073") == "config_error redirect_uri_mismatch");
    CHECK(action_for(endpoint_kind::token, 400, "1132") == "reconnect revoked");
    CHECK(action_for(endpoint_kind::token, 400, "1236") == "config_error client_auth_misconfigured");
    CHECK(action_for(endpoint_kind::token, 400, "1237") == "config_error client_auth_misconfigured");
    CHECK(action_for(endpoint_kind::token, 401, "1238") == "config_error invalid_client_secret");
    CHECK(action_for(endpoint_kind::token, 400, std::nullopt, "invalid_grant") == "reconnect invalid_grant");
    // An outage of the token endpoint is not a revocation.
    CHECK(action_for(endpoint_kind::token, 503, std::nullopt) == "backoff token_endpoint_unavailable");
    CHECK(action_for(endpoint_kind::token, 504, std::nullopt) == "backoff token_endpoint_unavailable");
    CHECK(action_for(endpoint_kind::token, 429, std::nullopt) == "backoff rate_limited");
    CHECK(action_for(endpoint_kind::token, 400, "9999") == "fail token_request_rejected");
}

TEST_CASE("Smartsheet API errors map to the actions docs/smartsheet.md lists") {
    using m::endpoint_kind;
    CHECK(action_for(endpoint_kind::api, 401, "1001") == "refresh_then_retry token_missing");
    CHECK(action_for(endpoint_kind::api, 401, "1002") == "refresh_then_retry token_expired");
    CHECK(action_for(endpoint_kind::api, 401, "1003") == "refresh_then_retry token_expired");
    CHECK(action_for(endpoint_kind::api, 401, "1005") == "reconnect sso_required");
    CHECK(action_for(endpoint_kind::api, 403, "1004") == "forbidden not_authorized");
    CHECK(action_for(endpoint_kind::api, 403, "1014") == "forbidden license_required");
    CHECK(action_for(endpoint_kind::api, 404, "1006") == "not_found not_found");
    CHECK(action_for(endpoint_kind::api, 400, "1008") == "bad_request invalid_request");
    CHECK(action_for(endpoint_kind::api, 400, "1012") == "bad_request invalid_request");
    CHECK(action_for(endpoint_kind::api, 429, "4003") == "backoff rate_limited");
    CHECK(action_for(endpoint_kind::api, 503, "4001") == "backoff maintenance");
    CHECK(action_for(endpoint_kind::api, 500, "4000") == "backoff server_error");
    CHECK(action_for(endpoint_kind::api, 500, "4002") == "backoff server_error");
    CHECK(action_for(endpoint_kind::api, 500, "4004") == "backoff server_error");
    CHECK(action_for(endpoint_kind::api, 410, "4005") == "config_error api_version_retired");
    // Generic fallbacks when the body has no known code.
    CHECK(action_for(endpoint_kind::api, 401, std::nullopt) == "refresh_then_retry unauthorized");
    CHECK(action_for(endpoint_kind::api, 403, std::nullopt) == "forbidden forbidden");
    CHECK(action_for(endpoint_kind::api, 410, std::nullopt) == "config_error api_version_retired");
    CHECK(action_for(endpoint_kind::api, 429, std::nullopt) == "backoff rate_limited");
    CHECK(action_for(endpoint_kind::api, 502, std::nullopt) == "backoff unavailable");
    CHECK(action_for(endpoint_kind::api, 422, std::nullopt) == "bad_request bad_request");
    CHECK(action_for(endpoint_kind::api, 302, std::nullopt) == "fail unexpected_response");
}

TEST_CASE("only errors that prove the request was not processed allow retrying non-idempotent calls") {
    for (const auto& rule : smartsheet()->errors.rules) {
        if (!rule.retry_non_idempotent) continue;
        INFO("rule at line " << rule.source_line);
        CHECK(rule.action == m::error_action::backoff);
        bool not_processed = rule.reason == "rate_limited" || rule.reason == "maintenance";
        CHECK(not_processed);
    }
    const auto* server_error = m::match_error_rule(smartsheet()->errors, {m::endpoint_kind::api, 500, "4004", {}});
    CHECK_FALSE(server_error->retry_non_idempotent);
}
