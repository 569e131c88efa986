// Shared set-up for the emulator's tests: an emulator seeded with the demo world, and the OAuth steps
// done over HTTP the way a client would do them.
#pragma once

#include <string>
#include <vector>

#include "tests/emulator/curl_client.hpp"
#include "emulator/demo_data.hpp"
#include "emulator/smartsheet_emulator.hpp"

namespace tether::emulator::testing {

struct test_world {
    smartsheet_emulator emulator;

    explicit test_world(emulator_options options = {}) : emulator(std::move(options)) { demo::seed(emulator); }

    std::string url(const std::string& path) const { return emulator.base_url() + path; }
    std::string api(const std::string& path) const { return emulator.api_base() + path; }

    // A pair for the demo user, minted without the browser dance.
    token_pair tokens(const std::vector<std::string>& scopes = {"READ_SHEETS", "WRITE_SHEETS", "ADMIN_WEBHOOKS"}) {
        return emulator.issue_tokens(demo::demo_user, scopes);
    }

    // GET /b/authorize as a browser would; the 302 is not followed.
    http_response authorize(const std::string& scope = "READ_SHEETS WRITE_SHEETS", const std::string& state = "st-42") {
        return get(emulator.authorize_url() + "?" +
                   form_encode({{"response_type", "code"},
                                {"client_id", emulator.options().client_id},
                                {"scope", scope},
                                {"state", state},
                                {"redirect_uri", emulator.options().redirect_uri}}));
    }

    std::string authorization_code() { return query_param(authorize().header("Location"), "code"); }

    std::string hash_of(const std::string& code_or_refresh_token) const {
        return sha256_hex(emulator.options().client_secret + "|" + code_or_refresh_token);
    }

    http_response exchange_code(const std::string& code) {
        return post_form(emulator.token_url(), form_encode({{"grant_type", "authorization_code"},
                                                            {"client_id", emulator.options().client_id},
                                                            {"code", code},
                                                            {"hash", hash_of(code)}}));
    }

    http_response refresh(const std::string& refresh_token) {
        return post_form(emulator.token_url(), form_encode({{"grant_type", "refresh_token"},
                                                            {"client_id", emulator.options().client_id},
                                                            {"refresh_token", refresh_token},
                                                            {"hash", hash_of(refresh_token)}}));
    }

    http_response me(const std::string& access_token) { return get(api("/users/me"), access_token); }
};

// The string field of a JSON object response.
inline std::string text(const http_response& response, const char* name) {
    return std::string(response.json().at(name).as_string());
}

}  // namespace tether::emulator::testing
