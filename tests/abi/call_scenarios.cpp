// Contract scenarios of calls and their health: tether_call (every outcome class of docs/smartsheet.md the
// emulator can produce) and tether_health.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "tests/abi/contract_scenarios.hpp"
#include "tests/abi/contract_world.hpp"

namespace tether_test {

namespace {

tether_status call(world& w, const char* operation, const char* params = nullptr, const char* body = nullptr,
                   unsigned flags = 0) {
    tether_call_request req = TETHER_CALL_REQUEST_INIT;
    req.operation = operation;
    req.params_json = params;
    req.body = body;
    req.flags = flags;
    return tether_call(w.connection, &req, w.result());
}

// A hostile answer to GET /2.0/users/me, once.
tether::emulator::fault_rule on_users_me(tether::emulator::fault_kind kind) {
    tether::emulator::fault_rule rule;
    rule.kind = kind;
    rule.path = "/2.0/users/me";
    return rule;
}

function_scenarios call_verb() {
    using t = trigger;
    return {"tether_call",
            {t::bad_argument, t::failing_storage, t::failing_random},
            {
                {"the current user", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     return call(w, "users.me");
                 }},
                {"every page of the sheet list", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     return call(w, "sheets.list", "{}", nullptr, TETHER_CALL_ALL_PAGES);
                 }},
                {"a connection never authorized", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     return w.with_reason(call(w, "users.me"), "not_authorized");
                 }},
                {"an operation needing a scope the grant lacks", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     w.seed_authorized({"READ_SHEETS"});
                     return w.with_reason(call(w, "webhooks.list"), "scope_missing");
                 }},
                {"a grant the user revoked", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.emulator.revoke_all_tokens(1001);
                     return w.with_reason(call(w, "users.me"), "revoked");
                 }},
                {"an API access token the provider rejects", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w(api_token_connector());
                     REQUIRE(tether_authorize_with_token(w.connection, "not-a-token-abcdef", w.result()) == TETHER_OK);
                     return w.with_reason(call(w, "users.me"), "api_token_invalid");
                 }},
                {"an outage outlasting the retries", t::behaviour, TETHER_TRANSIENT,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.fail_requests("GET", "/2.0/users/me", 503, 4001);
                     const tether_status s = call(w, "users.me");
                     CHECK(tether_result_retry_after_ms(w.last()) > 0);
                     return s;
                 }},
                {"a non-idempotent request that may have been processed", t::behaviour, TETHER_TRANSIENT,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.fail_requests("POST", "/2.0/sheets/2001/rows", 500, 4000);
                     const tether_status s = call(w, "rows.add", R"({"sheetId":2001})", R"({"cells":[]})");
                     CHECK(tether_result_retry_after_ms(w.last()) == -1);  // waiting alone will not tell
                     return s;
                 }},
                {"a 200 maintenance page instead of JSON, until the retries run out", t::behaviour, TETHER_TRANSIENT,
                 [] {
                     world w;
                     w.seed_authorized();
                     auto page = on_users_me(tether::emulator::fault_kind::non_json_body);
                     page.status = 200;
                     page.times = tether::emulator::fault_rule::forever;
                     w.emulator.add_fault(page);
                     return w.with_reason(call(w, "users.me"), "unexpected_content_type");
                 }},
                {"a 401 whose header block is larger than 64 KiB", t::behaviour, TETHER_TRANSIENT,
                 [] {
                     world w;
                     w.seed_authorized();
                     auto bloated = on_users_me(tether::emulator::fault_kind::huge_header);
                     bloated.error_code = 1002;
                     w.emulator.add_fault(bloated);
                     const tether_status s = w.with_reason(call(w, "users.me"), "response_headers_too_large");
                     CHECK(w.emulator.count("GET /2.0/users/me") == 1);
                     return s;
                 }},
                {"a gzip body that inflates past 64 MiB", t::behaviour, TETHER_BAD_REQUEST,
                 [] {
                     world w;
                     w.seed_authorized();
                     auto bomb = on_users_me(tether::emulator::fault_kind::gzip_bomb);
                     bomb.inflated_bytes = 65 * 1024 * 1024;
                     w.emulator.add_fault(bomb);
                     return w.with_reason(call(w, "users.me"), "response_too_large");
                 }},
                {"a redirect: the API base is probably wrong", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w;
                     w.seed_authorized();
                     auto moved = on_users_me(tether::emulator::fault_kind::redirect);
                     moved.location = "https://api.smartsheet.eu/2.0/users/me";
                     w.emulator.add_fault(moved);
                     const tether_status s = w.with_reason(call(w, "users.me"), "unexpected_redirect");
                     CHECK(std::string(tether_result_message(w.last())).find(moved.location) != std::string::npos);
                     return s;
                 }},
                {"a token rejected right after a refresh", t::behaviour, TETHER_TRANSIENT,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.fail_requests("GET", "/2.0/users/me", 401, 1002);
                     const tether_status s = call(w, "users.me");
                     CHECK(tether_result_retry_after_ms(w.last()) == -1);
                     return s;
                 }},
                {"a sheet not shared with the user", t::behaviour, TETHER_FORBIDDEN,
                 [] {
                     world w;
                     w.seed_authorized();
                     return w.with_reason(call(w, "sheets.get", R"({"sheetId":2004})"), "not_authorized");
                 }},
                {"a 401, a refresh, then a 403: the last response decides, the first is the root cause", t::behaviour,
                 TETHER_FORBIDDEN,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.fail_requests("GET", "/2.0/sheets/2004", 401, 1002, 1);
                     const tether_status s = call(w, "sheets.get", R"({"sheetId":2004})");
                     CHECK(tether_result_http_status(w.last()) == 403);
                     const auto json = boost::json::parse(tether_result_json(w.last()));
                     CHECK(json.at("first_failure").at("http_status").as_int64() == 401);
                     return s;
                 }},
                {"an operation the manifest does not have", t::behaviour, TETHER_BAD_REQUEST,
                 [] {
                     world w;
                     w.seed_authorized();
                     return w.with_reason(call(w, "sheets.burn"), "unknown_operation");
                 }},
                {"no operation at all", t::behaviour, TETHER_BAD_REQUEST,
                 [] {
                     world w;
                     return w.with_reason(call(w, nullptr), "operation_missing");
                 }},
                {"a body the provider cannot parse", t::behaviour, TETHER_BAD_REQUEST,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.fail_requests("POST", "/2.0/sheets/2001/rows", 400, 1008);
                     return w.with_reason(call(w, "rows.add", R"({"sheetId":2001})", "{}"), "invalid_request");
                 }},
                {"a sheet that does not exist", t::behaviour, TETHER_NOT_FOUND,
                 [] {
                     world w;
                     w.seed_authorized();
                     return call(w, "sheets.get", R"({"sheetId":999999})");
                 }},
                {"an API version the provider retired", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.fail_requests("GET", "/2.0/users/me", 410, 4005);
                     return w.with_reason(call(w, "users.me"), "api_version_retired");
                 }},
                {"a failing load", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.host.fail_load = true;
                     return w.with_reason(call(w, "users.me"), "storage_unavailable");
                 }},
                {"a due refresh whose new tokens cannot be stored", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.emulator.advance_clock(std::chrono::hours(24 * 7));
                     w.host.fail_store = true;
                     return w.with_reason(call(w, "users.me"), "storage_unavailable");
                 }},
                {"a due refresh whose lease owner needs a failing random source", t::failing_random, TETHER_HOST_ERROR,
                 [] {
                     world w(with_lease());
                     w.seed_authorized();
                     w.emulator.advance_clock(std::chrono::hours(24 * 7));
                     w.host.fail_random = true;
                     return w.with_reason(call(w, "users.me"), "random_source_failed");
                 }},
                {"a request whose struct_size is too small", t::bad_argument, TETHER_HOST_ERROR,
                 [] {
                     world w;
                     tether_call_request req = TETHER_CALL_REQUEST_INIT;
                     req.struct_size = 3;
                     req.operation = "users.me";
                     return w.with_reason(tether_call(w.connection, &req, w.result()), "invalid_argument");
                 }},
            }};
}

function_scenarios health() {
    using t = trigger;
    return {"tether_health",
            {t::bad_argument},
            {
                {"an authorized connection", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     const tether_status s = tether_health(w.connection, 0, w.result());
                     CHECK_THAT(tether_result_body(w.last(), nullptr), Catch::Contains(R"("state":"healthy")"));
                     return s;
                 }},
                {"the Prometheus exposition", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     return tether_health(w.connection, TETHER_HEALTH_PROMETHEUS, w.result());
                 }},
                {"a failing load: the document shows what this process knows", t::failing_storage, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.host.fail_load = true;
                     const tether_status s = tether_health(w.connection, 0, w.result());
                     CHECK_THAT(tether_result_body(w.last(), nullptr), Catch::Contains(R"("state":"unknown")"));
                     return s;
                 }},
                {"a NULL connection", t::bad_argument, TETHER_HOST_ERROR,
                 [] { return tether_health(nullptr, 0, nullptr); }},
            }};
}

function_scenarios diagnose() {
    using t = trigger;
    return {"tether_diagnose",
            {t::bad_argument},
            {
                {"a healthy connection, options NULL", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     const tether_status s =
                         w.with_reason(tether_diagnose(w.connection, nullptr, w.result()), "healthy");
                     CHECK_THAT(tether_result_body(w.last(), nullptr), Catch::Contains(R"("verdict":"healthy")"));
                     return s;
                 }},
                {"a finding is still a diagnosis made", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     tether_diagnose_options o = TETHER_DIAGNOSE_OPTIONS_INIT;
                     o.operation = "sheets.get";
                     o.params_json = R"({"sheetId":"2004"})";
                     return w.with_reason(tether_diagnose(w.connection, &o, w.result()), "permission");
                 }},
                {"a failing load: the stored-state check reports it", t::failing_storage, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.host.fail_load = true;
                     return w.with_reason(tether_diagnose(w.connection, nullptr, w.result()), "config");
                 }},
                {"options whose struct_size is too small", t::bad_argument, TETHER_HOST_ERROR,
                 [] {
                     world w;
                     tether_diagnose_options o = TETHER_DIAGNOSE_OPTIONS_INIT;
                     o.struct_size = 3;
                     return w.with_reason(tether_diagnose(w.connection, &o, w.result()), "invalid_argument");
                 }},
                {"a NULL connection", t::bad_argument, TETHER_HOST_ERROR,
                 [] { return tether_diagnose(nullptr, nullptr, nullptr); }},
            }};
}

}  // namespace

std::vector<function_scenarios> call_scenarios() {
    return {call_verb(), health(), diagnose()};
}

}  // namespace tether_test
