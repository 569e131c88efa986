// Contract scenarios of authorization: tether_authorize_begin, tether_authorize_complete and
// tether_authorize_with_token, against the emulator's consent screen and token endpoint.
#include <catch2/catch.hpp>
#include <chrono>
#include <string>

#include "tests/abi/contract_scenarios.hpp"
#include "tests/abi/contract_world.hpp"
#include "tests/emulator/curl_client.hpp"

namespace tether_test {

namespace {

namespace testing = tether::emulator::testing;

tether_status complete_with_callback(world& w, const std::string& callback_url, std::string_view reason) {
    tether_authorize_params p = TETHER_AUTHORIZE_PARAMS_INIT;
    p.callback_url = callback_url.c_str();
    return w.with_reason(tether_authorize_complete(w.connection, &p, w.result()), reason);
}

function_scenarios authorize_begin() {
    using t = trigger;
    return {"tether_authorize_begin",
            {t::bad_argument, t::failing_storage, t::failing_random},
            {
                {"an OAuth connection", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     const tether_status s = tether_authorize_begin(w.connection, w.result());
                     CHECK_THAT(tether_result_body(w.last(), nullptr), Catch::Contains(w.emulator.authorize_url()));
                     return s;
                 }},
                {"a connector of API access tokens", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w(api_token_connector());
                     return w.with_reason(tether_authorize_begin(w.connection, w.result()), "not_oauth2");
                 }},
                {"a failing store", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w;
                     w.host.fail_store = true;
                     return tether_authorize_begin(w.connection, w.result());
                 }},
                {"a failing random source", t::failing_random, TETHER_HOST_ERROR,
                 [] {
                     world w;
                     w.host.fail_random = true;
                     return w.with_reason(tether_authorize_begin(w.connection, w.result()), "random_source_failed");
                 }},
                {"a NULL connection", t::bad_argument, TETHER_HOST_ERROR,
                 [] { return tether_authorize_begin(nullptr, nullptr); }},
            }};
}

function_scenarios authorize_complete() {
    using t = trigger;
    return {"tether_authorize_complete",
            {t::bad_argument, t::failing_storage},
            {
                {"the callback URL of the user's consent", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     const tether_status s = complete_with_callback(w, w.begin_and_consent(), "authorized");
                     CHECK(w.emulator.live_tokens().size() == 2);
                     return s;
                 }},
                {"the code and state of the user's consent", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     const std::string callback = w.begin_and_consent();
                     const std::string code = testing::query_param(callback, "code");
                     const std::string state = testing::query_param(callback, "state");
                     tether_authorize_params p = TETHER_AUTHORIZE_PARAMS_INIT;
                     p.code = code.c_str();
                     p.state = state.c_str();
                     return tether_authorize_complete(w.connection, &p, w.result());
                 }},
                {"the user denied access", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     w.emulator.deny_next_authorize();
                     return complete_with_callback(w, w.begin_and_consent(), "access_denied");
                 }},
                {"another error the provider put in the callback", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     const std::string state = testing::query_param(w.begin_and_consent(), "state");
                     return complete_with_callback(w, "http://127.0.0.1/callback?error=login_required&state=" + state,
                                                   "login_required");
                 }},
                {"the provider could not answer the authorization now", t::behaviour, TETHER_TRANSIENT,
                 [] {
                     world w;
                     const std::string state = testing::query_param(w.begin_and_consent(), "state");
                     return complete_with_callback(w, "http://127.0.0.1/callback?error=server_error&state=" + state,
                                                   "server_error");
                 }},
                {"the provider refused the requested scope", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w;
                     const std::string state = testing::query_param(w.begin_and_consent(), "state");
                     return complete_with_callback(w, "http://127.0.0.1/callback?error=invalid_scope&state=" + state,
                                                   "invalid_scope");
                 }},
                {"a state that matches no pending authorization", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     return complete_with_callback(w, "http://127.0.0.1/callback?code=abc&state=forged",
                                                   "state_mismatch");
                 }},
                {"a pending authorization older than 15 minutes", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     const std::string callback = w.begin_and_consent();
                     w.emulator.advance_clock(std::chrono::minutes(16));
                     return complete_with_callback(w, callback, "authorization_expired");
                 }},
                {"a code the provider says has expired", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     const std::string callback = w.begin_and_consent();
                     w.emulator.advance_clock(std::chrono::minutes(2));
                     return complete_with_callback(w, callback, "authorization_code_expired");
                 }},
                {"a callback URL with neither a code nor an error", t::behaviour, TETHER_BAD_REQUEST,
                 [] {
                     world w;
                     return complete_with_callback(w, "http://127.0.0.1/callback?state=x", "callback_invalid");
                 }},
                {"the token endpoint is unavailable", t::behaviour, TETHER_TRANSIENT,
                 [] {
                     world w;
                     const std::string callback = w.begin_and_consent();
                     w.fail_requests("POST", "/2.0/token", 503, 0);
                     const tether_status s = complete_with_callback(w, callback, "token_endpoint_unavailable");
                     CHECK(tether_result_retry_after_ms(w.last()) > 0);
                     return s;
                 }},
                {"a wrong client secret", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w(with_wrong_client_secret());
                     return complete_with_callback(w, w.begin_and_consent(), "invalid_hash");
                 }},
                {"a connector of API access tokens", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w(api_token_connector());
                     return complete_with_callback(w, "http://127.0.0.1/callback?code=a&state=b", "not_oauth2");
                 }},
                {"a failing load", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w;
                     const std::string callback = w.begin_and_consent();
                     w.host.fail_load = true;
                     return complete_with_callback(w, callback, "storage_unavailable");
                 }},
                {"a failing store: the new tokens are held in memory", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w;
                     const std::string callback = w.begin_and_consent();
                     w.host.fail_store = true;
                     const tether_status s = complete_with_callback(w, callback, "storage_unavailable");
                     w.host.fail_store = false;
                     CHECK(tether_refresh(w.connection, 0, w.result()) == TETHER_OK);  // they were kept
                     return s;
                 }},
                {"NULL params", t::bad_argument, TETHER_HOST_ERROR,
                 [] {
                     world w;
                     return tether_authorize_complete(w.connection, nullptr, nullptr);
                 }},
                {"params with neither a callback URL nor a code and state", t::bad_argument, TETHER_HOST_ERROR,
                 [] {
                     world w;
                     tether_authorize_params p = TETHER_AUTHORIZE_PARAMS_INIT;
                     p.code = "abc";
                     return w.with_reason(tether_authorize_complete(w.connection, &p, w.result()), "invalid_argument");
                 }},
            }};
}

function_scenarios authorize_with_token() {
    using t = trigger;
    return {"tether_authorize_with_token",
            {t::bad_argument, t::failing_storage},
            {
                {"a connector of API access tokens", t::behaviour, TETHER_OK,
                 [] {
                     world w(api_token_connector());
                     const auto pair = w.emulator.issue_tokens(1001, {"READ_SHEETS"});
                     return tether_authorize_with_token(w.connection, pair.access_token.c_str(), w.result());
                 }},
                {"a connector that accepts no API token", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w(client_credentials_connector("reader"));
                     return w.with_reason(tether_authorize_with_token(w.connection, "token-abcdef", w.result()),
                                          "not_api_token");
                 }},
                {"an OAuth connector that also accepts API tokens", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     return w.with_reason(tether_authorize_with_token(w.connection, "token-abcdef", w.result()),
                                          "authorized");
                 }},
                {"a failing store", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w(api_token_connector());
                     w.host.fail_store = true;
                     return tether_authorize_with_token(w.connection, "token-abcdef", w.result());
                 }},
                {"an empty token", t::bad_argument, TETHER_HOST_ERROR,
                 [] {
                     world w(api_token_connector());
                     return w.with_reason(tether_authorize_with_token(w.connection, "", w.result()),
                                          "invalid_argument");
                 }},
            }};
}

}  // namespace

std::vector<function_scenarios> authorization_scenarios() {
    return {authorize_begin(), authorize_complete(), authorize_with_token()};
}

}  // namespace tether_test
