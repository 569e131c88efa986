// A tether engine wired to the Smartsheet emulator for integration tests: the real connector and
// connection classes, the real libcurl transport (wrapped to count requests), and a host whose clock is the
// emulator's clock (plus an optional skew) and whose storage can be told to fail.
#pragma once

#include <catch2/catch.hpp>
#include <curl/curl.h>
#include <openssl/rand.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <utility>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "plugin/connector/connection.hpp"
#include "plugin/connector/connector.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/http/curl_client.hpp"
#include "plugin/manifest/manifest.hpp"
#include "emulator/smartsheet_emulator.hpp"
#include "tests/support/authorized_record.hpp"

namespace tether_test {

namespace emu = tether::emulator;

inline std::int64_t to_ms(emu::emulator_time t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

// Host services for tests: in-memory CAS storage with failure injection and an optional lease, a clock that
// follows the emulator's (shifted by `host_skew_ms` to play a host whose clock is wrong), captured logs.
class test_host final : public tether::host_services {
public:
    explicit test_host(emu::smartsheet_emulator& emulator) : emulator_(emulator) {}

    std::atomic<std::int64_t> host_skew_ms{0};
    std::atomic<int> fail_stores{0};  // the next N stores fail with storage_error
    std::atomic<int> store_calls{0};
    bool lease_enabled = false;
    // Runs once, just before the next store is attempted: lets a test play a sibling writing in between.
    std::function<void()> before_next_store;

    tether::status load_record(std::string_view id, tether::stored_record& out) override {
        std::lock_guard lock(mutex_);
        out = {};
        if (auto it = records_.find(std::string(id)); it != records_.end()) out = it->second;
        return tether::status::ok;
    }
    tether::status store_record(std::string_view id, std::uint64_t expected, std::string_view data) override {
        ++store_calls;
        if (before_next_store) std::exchange(before_next_store, nullptr)();
        if (fail_stores > 0) {
            --fail_stores;
            return tether::status::storage_error;
        }
        std::lock_guard lock(mutex_);
        auto& slot = records_[std::string(id)];
        if (slot.version != expected) return tether::status::conflict;
        slot = {std::string(data), expected + 1};
        return tether::status::ok;
    }
    bool has_lease() const override { return lease_enabled; }
    tether::status acquire_lease(std::string_view name, std::string_view owner, std::int64_t) override {
        std::lock_guard lock(mutex_);
        auto& holder = leases_[std::string(name)];
        if (!holder.empty() && holder != owner) return tether::status::conflict;
        holder = owner;
        return tether::status::ok;
    }
    tether::status release_lease(std::string_view name, std::string_view owner) override {
        std::lock_guard lock(mutex_);
        if (leases_[std::string(name)] == owner) leases_.erase(std::string(name));
        return tether::status::ok;
    }
    bool log_enabled(tether::log_level) const override { return true; }
    void log(tether::log_level, std::string_view message, std::string_view, std::string_view) override {
        std::lock_guard lock(mutex_);
        logs_.emplace_back(message);
    }
    std::int64_t now_ms() override { return to_ms(emulator_.now()) + host_skew_ms.load(); }
    void sleep_ms(std::int64_t ms) override {
        std::lock_guard lock(mutex_);
        sleeps_.push_back(ms);
    }
    tether::status random_bytes(std::span<std::byte> out) override {
        return RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(out.size())) == 1
                   ? tether::status::ok
                   : tether::status::host_error;
    }

    // The stored record of a connection as JSON (null when none).
    boost::json::value record(const std::string& id) {
        std::lock_guard lock(mutex_);
        auto it = records_.find(id);
        if (it == records_.end()) return nullptr;
        return boost::json::parse(it->second.data);
    }
    std::uint64_t version(const std::string& id) {
        std::lock_guard lock(mutex_);
        auto it = records_.find(id);
        return it == records_.end() ? 0 : it->second.version;
    }
    void put_record(const std::string& id, const std::string& data) {
        std::lock_guard lock(mutex_);
        auto& slot = records_[id];
        slot = {data, slot.version + 1};
    }
    std::vector<std::string> logs() {
        std::lock_guard lock(mutex_);
        return logs_;
    }
    std::vector<std::int64_t> sleeps() {
        std::lock_guard lock(mutex_);
        return sleeps_;
    }

private:
    emu::smartsheet_emulator& emulator_;
    std::mutex mutex_;
    std::map<std::string, tether::stored_record> records_;
    std::map<std::string, std::string> leases_;
    std::vector<std::string> logs_;
    std::vector<std::int64_t> sleeps_;
};

// Counts requests by method + URL path as the engine sends them (independently of the emulator's view).
class counting_client final : public tether::http::client {
public:
    explicit counting_client(std::unique_ptr<tether::http::client> inner) : inner_(std::move(inner)) {}
    tether::http::response send(const tether::http::request& req) override {
        ++sent;
        return inner_->send(req);
    }
    std::atomic<int> sent{0};

private:
    std::unique_ptr<tether::http::client> inner_;
};

inline std::string smartsheet_manifest_path() { return std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml"; }

inline std::shared_ptr<const tether::manifest::connector_manifest> smartsheet_manifest() {
    static const auto loaded = tether::manifest::load_manifest_file(smartsheet_manifest_path());
    return loaded.manifest;
}

// An emulator with one user (1001) who owns sheet 2001, a second user (1002) who owns sheet 2002 (not
// shared with 1001), and a connector + connection pointing at it.
struct engine_fixture {
    static constexpr std::int64_t user = 1001;

    explicit engine_fixture(
        emu::emulator_options options = {},
        std::shared_ptr<const tether::manifest::connector_manifest> manifest = smartsheet_manifest())
        : emulator(options), host_ref(nullptr) {
        emulator.add_user(user, "ada@example.com", "Ada", "Lovelace");
        emulator.add_user(1002, "grace@example.com", "Grace", "Hopper");
        emulator.add_sheet(2001, "Roadmap", user);
        emulator.add_sheet(2002, "Payroll", 1002);
        auto host = std::make_unique<test_host>(emulator);
        host_ref = host.get();
        auto http = std::make_unique<counting_client>(tether::http::make_curl_client());
        http_ref = http.get();
        connector = std::make_unique<tether::connector>(std::move(manifest), std::move(host), std::move(http));
    }

    std::string settings_json(const std::string& scopes = "") const {
        boost::json::object s;
        s["client_id"] = emulator.options().client_id;
        s["client_secret"] = emulator.options().client_secret;
        s["redirect_uri"] = emulator.options().redirect_uri;
        s["base_url"] = emulator.api_base();
        s["authorize_url"] = emulator.authorize_url();
        if (!scopes.empty()) {
            boost::json::array list;
            std::string::size_type start = 0;
            while (start < scopes.size()) {
                auto end = scopes.find(' ', start);
                if (end == std::string::npos) end = scopes.size();
                list.emplace_back(scopes.substr(start, end - start));
                start = end + 1;
            }
            s["scopes"] = std::move(list);
        }
        return boost::json::serialize(s);
    }

    std::unique_ptr<tether::connection> open(const std::string& id = "conn-1") {
        auto resolved = tether::manifest::resolve_settings(
            connector->manifest(), boost::json::parse(settings_json()).as_object());
        return std::make_unique<tether::connection>(*connector, id,
                                                    std::get<tether::manifest::resolved_settings>(resolved));
    }

    // Stores a record as if the connection had been authorized just now with tokens from the emulator.
    emu::token_pair seed_tokens(const std::string& id = "conn-1",
                                std::vector<std::string> scopes = {"READ_SHEETS", "WRITE_SHEETS"}) {
        auto pair = emulator.issue_tokens(user, scopes);
        host_ref->put_record(id, authorized_record(pair.access_token, pair.refresh_token, to_ms(emulator.now()),
                                                   pair.expires_in, scopes, emulator.base_url()));
        return pair;
    }

    // Every log line tether wrote during the test must be free of every secret the emulator handed out
    // (and of the client secret): only the last 6 characters may ever appear.
    ~engine_fixture() {
        const auto secrets = emulator.issued_secrets();
        for (const auto& line : host_ref->logs())
            for (const auto& secret : secrets)
                if (secret.size() >= 8 && line.find(secret) != std::string::npos)
                    FAIL_CHECK("a full secret ending in " << tether::redact(secret) << " leaked into a log line");
    }

    int token_requests(std::string_view grant = "refresh_token") const {
        return emulator.count("POST /2.0/token", grant);
    }

    emu::smartsheet_emulator emulator;
    test_host* host_ref;
    counting_client* http_ref = nullptr;
    std::unique_ptr<tether::connector> connector;
};

// The token endpoint in maintenance (503/4001) until the faults are cleared.
inline emu::fault_rule token_endpoint_outage() {
    emu::fault_rule outage;
    outage.kind = emu::fault_kind::error_status;
    outage.path = "/2.0/token";
    outage.status = 503;
    outage.error_code = 4001;
    outage.times = emu::fault_rule::forever;
    return outage;
}

// Follows an authorize URL like a browser whose user clicks Allow, and returns the redirect (Location).
inline std::string visit(const std::string& url) {
    CURL* curl = curl_easy_init();
    std::string location;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t s, size_t n, void*) { return s * n; });
    REQUIRE(curl_easy_perform(curl) == CURLE_OK);
    char* redirect = nullptr;
    curl_easy_getinfo(curl, CURLINFO_REDIRECT_URL, &redirect);
    if (redirect != nullptr) location = redirect;
    curl_easy_cleanup(curl);
    return location;
}

inline std::string authorize_url_of(const tether::outcome& begun) {
    return std::string(boost::json::parse(begun.body).at("authorize_url").as_string());
}

// The whole code flow as a user who clicks Allow: begin, the provider's redirect, complete.
inline tether::outcome authorize_in_browser(tether::connection& c) {
    const auto begun = c.authorize_begin();
    REQUIRE(begun.code == tether::status::ok);
    return c.authorize_complete({visit(authorize_url_of(begun)), "", ""});
}

inline tether::call_request call_of(const std::string& operation, const std::string& params = "{}") {
    tether::call_request r;
    r.operation = operation;
    r.params_json = params;
    return r;
}

}  // namespace tether_test
