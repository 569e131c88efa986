// Contract scenarios of a grant's tokens: tether_refresh, tether_revoke and tether_revoke_ex.
#include <catch2/catch.hpp>
#include <string>

#include "tests/abi/contract_scenarios.hpp"
#include "tests/abi/contract_world.hpp"

namespace tether_test {

namespace {

int token_requests(const world& w, std::string_view grant_type) {
    return w.emulator.count("POST /2.0/token", grant_type);
}
int revoke_requests(const world& w) {
    return w.emulator.count("DELETE /2.0/token");
}

function_scenarios refresh() {
    using t = trigger;
    return {"tether_refresh",
            {t::bad_argument, t::failing_storage, t::failing_random},
            {
                {"a fresh token: nothing to do", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     const tether_status s = w.with_reason(tether_refresh(w.connection, 0, w.result()), "fresh");
                     CHECK(token_requests(w, "refresh_token") == 0);
                     return s;
                 }},
                {"a forced refresh", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     w.seed_authorized();
                     const tether_status s =
                         w.with_reason(tether_refresh(w.connection, TETHER_REFRESH_FORCE, w.result()), "refreshed");
                     CHECK(token_requests(w, "refresh_token") == 1);
                     return s;
                 }},
                {"a connection never authorized", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     return w.with_reason(tether_refresh(w.connection, 0, w.result()), "not_authorized");
                 }},
                {"a grant the user revoked", t::behaviour, TETHER_RECONNECT_REQUIRED,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.emulator.revoke_all_tokens(1001);
                     return w.with_reason(tether_refresh(w.connection, TETHER_REFRESH_FORCE, w.result()), "revoked");
                 }},
                {"the token endpoint is unavailable", t::behaviour, TETHER_TRANSIENT,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.fail_requests("POST", "/2.0/token", 503, 0);
                     const tether_status s = tether_refresh(w.connection, TETHER_REFRESH_FORCE, w.result());
                     CHECK(tether_result_retry_after_ms(w.last()) > 0);
                     return s;
                 }},
                {"a wrong client secret", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w(with_wrong_client_secret());
                     w.seed_authorized();
                     return w.with_reason(tether_refresh(w.connection, TETHER_REFRESH_FORCE, w.result()),
                                          "invalid_hash");
                 }},
                {"a failing load", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w;
                     w.seed_authorized();
                     w.host.fail_load = true;
                     return w.with_reason(tether_refresh(w.connection, 0, w.result()), "storage_unavailable");
                 }},
                {"a failing store: the new tokens are held in memory", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w;
                     w.seed_authorized();
                     CHECK(tether_refresh(w.connection, 0, w.result()) == TETHER_OK);
                     w.host.fail_store = true;
                     return tether_refresh(w.connection, TETHER_REFRESH_FORCE, w.result());
                 }},
                {"a failing random source for the lease owner", t::failing_random, TETHER_HOST_ERROR,
                 [] {
                     world w(with_lease());
                     w.seed_authorized();
                     w.host.fail_random = true;
                     const tether_status s = w.with_reason(
                         tether_refresh(w.connection, TETHER_REFRESH_FORCE, w.result()), "random_source_failed");
                     CHECK(token_requests(w, "refresh_token") == 0);
                     return s;
                 }},
                {"a failing lease: the refresh goes ahead without it", t::failing_lease, TETHER_OK,
                 [] {
                     world w(with_lease());
                     w.seed_authorized();
                     w.host.fail_lease = true;
                     const tether_status s = tether_refresh(w.connection, TETHER_REFRESH_FORCE, w.result());
                     CHECK(token_requests(w, "refresh_token") == 1);
                     return s;
                 }},
                {"a NULL connection", t::bad_argument, TETHER_HOST_ERROR,
                 [] { return tether_refresh(nullptr, 0, nullptr); }},
            }};
}

// tether_revoke and tether_revoke_ex share their scenarios; `revoke` is one of them.
std::vector<scenario> revoke_scenarios(tether_status (*revoke)(tether_connection*, tether_result**)) {
    using t = trigger;
    return {
        {"an authorized connection", t::behaviour, TETHER_OK,
         [revoke] {
             world w;
             w.seed_authorized();
             const tether_status s = w.with_reason(revoke(w.connection, w.result()), "revoked");
             CHECK(revoke_requests(w) == 1);
             CHECK(w.emulator.live_tokens().empty());
             return s;
         }},
        {"a connection never authorized: nothing to revoke", t::behaviour, TETHER_OK,
         [revoke] {
             world w;
             const tether_status s = revoke(w.connection, w.result());
             CHECK(revoke_requests(w) == 0);
             return s;
         }},
        {"the revoke endpoint is unavailable", t::behaviour, TETHER_TRANSIENT,
         [revoke] {
             world w;
             w.seed_authorized();
             w.fail_requests("DELETE", "/2.0/token", 503, 0);
             const tether_status s = w.with_reason(revoke(w.connection, w.result()), "revoke_failed");
             CHECK(tether_result_retry_after_ms(w.last()) > 0);
             return s;
         }},
        {"the provider refuses the revocation", t::behaviour, TETHER_BAD_REQUEST,
         [revoke] {
             world w;
             w.seed_authorized();
             w.fail_requests("DELETE", "/2.0/token", 403, 1004);
             const tether_status s = w.with_reason(revoke(w.connection, w.result()), "revoke_rejected");
             CHECK(w.emulator.live_tokens().size() == 2);
             return s;
         }},
        {"a failing load", t::failing_storage, TETHER_STORAGE_ERROR,
         [revoke] {
             world w;
             w.seed_authorized();
             w.host.fail_load = true;
             const tether_status s = revoke(w.connection, w.result());
             CHECK(revoke_requests(w) == 0);
             return s;
         }},
        {"a failing store after the provider revoked", t::failing_storage, TETHER_STORAGE_ERROR,
         [revoke] {
             world w;
             w.seed_authorized();
             w.host.fail_store = true;
             return revoke(w.connection, w.result());
         }},
        {"a NULL connection", t::bad_argument, TETHER_HOST_ERROR, [revoke] { return revoke(nullptr, nullptr); }},
    };
}

function_scenarios revoke() {
    return {"tether_revoke", {trigger::bad_argument, trigger::failing_storage}, revoke_scenarios(&tether_revoke)};
}

function_scenarios revoke_ex() {
    auto all_for_client = [](tether_connection* c, tether_result** r) {
        return tether_revoke_ex(c, TETHER_REVOKE_ALL_FOR_CLIENT, r);
    };
    function_scenarios f{
        "tether_revoke_ex", {trigger::bad_argument, trigger::failing_storage}, revoke_scenarios(all_for_client)};
    f.scenarios.push_back(
        {"every token of the app, on a connector that declares no way to", trigger::behaviour, TETHER_BAD_REQUEST, [] {
             world w(api_token_connector());
             return w.with_reason(tether_revoke_ex(w.connection, TETHER_REVOKE_ALL_FOR_CLIENT, w.result()),
                                  "revoke_all_unsupported");
         }});
    f.scenarios.push_back({"no flags: a plain revoke", trigger::behaviour, TETHER_OK, [] {
                               world w;
                               w.seed_authorized();
                               return tether_revoke_ex(w.connection, 0, w.result());
                           }});
    return f;
}

function_scenarios connect_client() {
    using t = trigger;
    return {"tether_connect_client",
            {t::bad_argument, t::failing_storage},
            {
                {"a client credentials method named by the setting", t::behaviour, TETHER_OK,
                 [] {
                     world w(client_credentials_connector("reader"));
                     const tether_status s =
                         w.with_reason(tether_connect_client(w.connection, w.result()), "authorized");
                     CHECK(token_requests(w, "client_credentials") == 1);
                     return s;
                 }},
                {"a connector without client credentials", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w;
                     const tether_status s =
                         w.with_reason(tether_connect_client(w.connection, w.result()), "not_client_credentials");
                     CHECK(token_requests(w, "client_credentials") == 0);
                     return s;
                 }},
                {"two methods and no auth_method setting", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w(client_credentials_connector(""));
                     return w.with_reason(tether_connect_client(w.connection, w.result()), "auth_method_required");
                 }},
                {"the token endpoint in maintenance", t::behaviour, TETHER_TRANSIENT,
                 [] {
                     world w(client_credentials_connector("writer"));
                     w.fail_requests("POST", "/2.0/token", 503, 4001);
                     const tether_status s = tether_connect_client(w.connection, w.result());
                     CHECK(tether_result_retry_after_ms(w.last()) > 0);
                     return s;
                 }},
                {"a failing store", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w(client_credentials_connector("reader"));
                     w.host.fail_store = true;
                     return tether_connect_client(w.connection, w.result());
                 }},
                {"a NULL connection", t::bad_argument, TETHER_HOST_ERROR,
                 [] { return tether_connect_client(nullptr, nullptr); }},
            }};
}

}  // namespace

std::vector<function_scenarios> token_scenarios() {
    return {refresh(), revoke(), revoke_ex(), connect_client()};
}

}  // namespace tether_test
