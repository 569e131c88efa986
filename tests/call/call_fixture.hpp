// The auth tests' engine fixture (emulator + real curl transport + test host), extended for the call tests:
// run a call with chosen limits, swap in another manifest, and check that no token leaked into any text.
#pragma once

#include <string>
#include <vector>

#include "plugin/call/call_pipeline.hpp"
#include "plugin/core/outcome_json.hpp"
#include "plugin/core/redact.hpp"
#include "tests/auth/engine_fixture.hpp"

namespace tether_call_test {

using tether_test::engine_fixture;

// Rebuilds the fixture's connector on `manifest` with a fresh host and transport (same emulator).
inline void use_manifest(engine_fixture& f, std::shared_ptr<const tether::manifest::connector_manifest> manifest) {
    auto host = std::make_unique<tether_test::test_host>(f.emulator);
    f.host_ref = host.get();
    auto http = std::make_unique<tether_test::counting_client>(tether::http::make_curl_client());
    f.http_ref = http.get();
    f.connector = std::make_unique<tether::connector>(std::move(manifest), std::move(host), std::move(http));
}

// What connection::call does, with the call limits chosen by the test.
inline tether::outcome call_with_limits(engine_fixture& f, tether::connection& c, const tether::call_request& request,
                                        const tether::call::call_limits& limits) {
    return tether::run_call(
        tether::call::call_context{c.id(), f.connector->manifest(), c.settings(), f.connector->host(),
                                   f.connector->http(), f.connector->skew(), c.keeper(),
                                   f.connector->circuits().for_api_base(c.settings().api_base), limits},
        request);
}

inline tether::call_request all_pages_of(const std::string& operation, std::int64_t max_items = 0) {
    auto r = tether_test::call_of(operation);
    r.all_pages = true;
    r.max_items = max_items;
    return r;
}

// Every text a host could see — its log lines and each outcome as JSON — must not contain any token given
// out by the emulator in full (only redacted suffixes).
inline void check_no_token_leak(engine_fixture& f, const std::vector<tether::outcome>& outcomes,
                                const std::vector<std::string>& known_tokens = {}) {
    std::vector<std::string> texts = f.host_ref->logs();
    for (const auto& o : outcomes) texts.push_back(tether::outcome_to_json(o));
    std::vector<std::string> tokens = known_tokens;
    for (const auto& t : f.emulator.live_tokens()) tokens.push_back(t.token);
    for (const auto& token : tokens) {
        if (token.empty()) continue;
        for (const auto& text : texts) {
            // On failure, report where — never the token itself.
            INFO("the token " << tether::redact(token) << " appears in full in a log line or an outcome");
            CHECK(text.find(token) == std::string::npos);
        }
    }
}

}  // namespace tether_call_test
