// The leak test: a session through the public ABI that walks every path tether has (authorize, calls,
// refresh, learned lifetimes, 403/404/400/429/503, "mint then fail", revocation, bad credentials, health
// with probe, Prometheus), with the host's log at TRACE. Every captured log line, result message, result
// JSON, body and health document is scanned for every secret the emulator ever issued or the test
// configured. Zero hits are allowed: only the last 6 characters of a secret may ever appear.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include <mutex>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "emulator/smartsheet_emulator.hpp"
#include "tether/stores/memory_store.hpp"
#include "tether/tether.hpp"

namespace sdk = tether::sdk;
namespace emu = tether::emulator;

namespace {

struct capture {
    std::mutex mutex;
    std::vector<std::string> texts;
    void add(std::string_view text) {
        std::lock_guard lock(mutex);
        texts.emplace_back(text);
    }
    void add(const sdk::result& r) {
        add(r.json());
        add(r.message());
        add(r.body());
        add(r.attempts_json());
        add(r.reason());
    }
};

std::string follow_authorize(const std::string& url) {
    CURL* curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t s, size_t n, void*) { return s * n; });
    curl_easy_perform(curl);
    char* redirect = nullptr;
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &redirect);
    std::string location = redirect != nullptr ? redirect : "";
    curl_easy_cleanup(curl);
    return location;
}

std::string settings_for(const emu::smartsheet_emulator& e, const std::string& secret) {
    boost::json::object s;
    s["client_id"] = e.options().client_id;
    s["client_secret"] = secret;
    s["redirect_uri"] = e.options().redirect_uri;
    s["base_url"] = e.api_base();
    s["authorize_url"] = e.authorize_url();
    return boost::json::serialize(s);
}

emu::fault_rule fault(emu::fault_kind kind, std::string path, int status = 0, int code = 0, int times = 1) {
    emu::fault_rule f;
    f.kind = kind;
    f.path = std::move(path);
    f.status = status;
    f.error_code = code;
    f.times = times;
    return f;
}

}  // namespace

TEST_CASE("no full token, refresh token, code or client secret appears in anything tether outputs") {
    emu::emulator_options options;
    options.client_secret = "leak-test-client-secret-0123456789";
    emu::smartsheet_emulator e(options);
    e.add_user(1001, "ada@example.com");
    e.add_user(1002, "grace@example.com");
    e.add_sheet(2001, "Roadmap", 1001);
    e.add_sheet(2002, "Payroll", 1002);

    capture out;
    sdk::memory_store store;
    sdk::host_services services;
    services.use_storage(store);
    services.log_level = TETHER_LOG_TRACE;
    services.log = [&](int, std::string_view message, std::string_view, std::string_view) { out.add(message); };
    services.sleep_ms = [](std::int64_t) {};  // backoff waits take no time in this test
    // The host's clock moves with the emulator's, as both would in real life when time passes.
    services.now_ms = [&e] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(e.now().time_since_epoch()).count();
    };

    auto connector = sdk::connector::open_file(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml", services);
    REQUIRE(connector);
    auto c = connector->connect("leaky", settings_for(e, options.client_secret));
    REQUIRE(c);
    auto keep = [&](sdk::result r) {
        out.add(r);
        return r;
    };

    // Authorization.
    const auto begun = keep(c->authorize_begin());
    const auto url = std::string(boost::json::parse(begun.body()).at("authorize_url").as_string());
    const std::string callback = follow_authorize(url);
    REQUIRE(keep(c->authorize_complete_url(callback)).ok());

    // Calls of every outcome.
    CHECK(keep(c->call("users.me")).ok());
    CHECK(keep(c->call("sheets.list", "{}", std::nullopt, TETHER_CALL_ALL_PAGES)).ok());
    const auto forbidden = keep(c->call("sheets.get", R"({"sheetId":2002})"));
    CHECK(forbidden.code() == sdk::status::forbidden);
    CHECK(forbidden.resource_kind() == "sheet");  // the resource reaches the host as data, not only as text
    CHECK(forbidden.resource_id() == "2002");
    CHECK(keep(c->call("sheets.get", R"({"sheetId":999999})")).code() == sdk::status::not_found);
    CHECK(keep(c->call("rows.add", R"({"sheetId":2001})", std::string("{not json"))).code() == sdk::status::bad_request);
    CHECK(keep(c->call("no.such.operation")).code() == sdk::status::bad_request);

    // An admin-shortened lifetime: a 401, a refresh, a lesson.
    e.set_admin_lifetime(3600);
    e.advance_clock(std::chrono::hours(2));
    CHECK(keep(c->call("users.me")).ok());

    // Rate limits and an outage.
    e.add_fault(fault(emu::fault_kind::error_status, "/2.0/users/me", 429, 4003, 2));
    CHECK(keep(c->call("users.me")).ok());
    e.add_fault(fault(emu::fault_kind::error_status, "/2.0/users/me", 503, 4001, emu::fault_rule::forever));
    CHECK(keep(c->call("users.me")).code() == sdk::status::transient);
    e.clear_faults();

    // Health, as JSON with a live probe and as Prometheus, per connection and per connector.
    CHECK(keep(c->health(TETHER_HEALTH_PROBE)).ok());
    CHECK(keep(c->health(TETHER_HEALTH_PROMETHEUS)).ok());
    CHECK(keep(connector->health()).ok());
    CHECK(keep(connector->health(TETHER_HEALTH_PROMETHEUS)).ok());

    // "Mint then fail", then the dead grant.
    e.add_fault(fault(emu::fault_kind::mint_then_fail, "/2.0/token"));
    CHECK(keep(c->refresh(true)).code() == sdk::status::transient);
    e.advance_clock(std::chrono::minutes(10));
    CHECK(keep(c->refresh(true)).code() == sdk::status::reconnect_required);
    CHECK(keep(c->call("users.me")).code() == sdk::status::reconnect_required);
    CHECK(keep(c->health()).ok());

    // A connection with a wrong client secret, and revocation.
    auto wrong = connector->connect("wrong", settings_for(e, "wrong-client-secret-abcdefghijkl"));
    REQUIRE(wrong);
    const auto begun2 = keep(wrong->authorize_begin());
    const std::string callback2 =
        follow_authorize(std::string(boost::json::parse(begun2.body()).at("authorize_url").as_string()));
    CHECK(keep(wrong->authorize_complete_url(callback2)).code() == sdk::status::config_error);
    CHECK(keep(c->revoke()).ok());

    // The scan.
    std::vector<std::string> secrets = e.issued_secrets();
    secrets.push_back("wrong-client-secret-abcdefghijkl");
    REQUIRE(secrets.size() >= 8);
    std::lock_guard lock(out.mutex);
    CHECK(out.texts.size() >= 80);  // the log really ran at TRACE and every result was kept
    int hits = 0;
    for (const auto& text : out.texts) {
        for (const auto& secret : secrets) {
            if (text.find(secret) == std::string::npos) continue;
            ++hits;
            FAIL_CHECK("a full secret ending in …" << secret.substr(secret.size() - 6)
                                                   << " appeared in tether's output");
        }
    }
    CHECK(hits == 0);
}
