// The connector's aggregated health against the emulator, with a transport that holds probe requests at a
// gate the test opens: a probe held up at the provider blocks neither opening nor closing connections, closing
// a connection waits for its document, and TETHER_HEALTH_PROBE probes every connection, also through the C ABI.
#include "plugin/connector/connector_health.hpp"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <string>
#include <thread>

#include "tests/auth/engine_fixture.hpp"
#include "tether/stores/memory_store.hpp"
#include "tether/tether.hpp"

using namespace tether_test;
using namespace std::chrono_literals;

namespace {

// Only a deadlock detector: no assertion here depends on how long anything takes.
constexpr auto deadlock_timeout = 60s;

// A transport that holds every request whose URL contains `path` until the test opens the gate, and tells the
// test when one is held. When a held request has been answered, it stamps the next step of the test's counter.
class request_gate final : public tether::http::client {
public:
    request_gate(std::unique_ptr<tether::http::client> inner, std::string path, std::atomic<int>& steps)
        : inner_(std::move(inner)), path_(std::move(path)), steps_(steps) {}

    tether::http::response send(const tether::http::request& req) override {
        if (req.url.find(path_) == std::string::npos) return inner_->send(req);
        {
            std::unique_lock lock(mutex_);
            ++held_;
            changed_.notify_all();
            changed_.wait(lock, [&] { return open_; });
        }
        auto response = inner_->send(req);
        answered_at = ++steps_;
        return response;
    }

    // True once `n` requests have been held (false only when that never happens: a deadlock).
    bool wait_until_held(int n) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, deadlock_timeout, [&] { return held_ >= n; });
    }

    void open() {
        std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }

    std::atomic<int> answered_at{0};  // the step at which the last held request got its response; 0: none yet

private:
    std::unique_ptr<tether::http::client> inner_;
    std::string path_;
    std::atomic<int>& steps_;
    std::mutex mutex_;
    std::condition_variable changed_;
    int held_ = 0;
    bool open_ = false;
};

// Opens the gate when a test leaves, however it leaves, so that no thread stays held.
struct gate_opener {
    request_gate& gate;
    ~gate_opener() { gate.open(); }
};

// The emulator fixture with its connector's transport behind a gate closed on /users/me (the health probe).
struct gated_engine : engine_fixture {
    gated_engine() {
        auto host = std::make_unique<test_host>(emulator);
        host_ref = host.get();
        http_ref = nullptr;
        auto transport = std::make_unique<request_gate>(tether::http::make_curl_client(), "/users/me", steps);
        gate = transport.get();
        connector = std::make_unique<tether::connector>(smartsheet_manifest(), std::move(host), std::move(transport));
    }

    tether::outcome health_with_probe() { return tether::connector_health(*connector, true, false); }
    std::int64_t connections_listed() {
        return boost::json::parse(tether::connector_health(*connector, false, false).body).at("connections").as_int64();
    }

    std::atomic<int> steps{0};  // the order in which things happened across threads
    request_gate* gate = nullptr;
};

// Spins until `condition` holds; false only when it never does (a deadlock).
template <class Condition>
bool eventually(Condition condition) {
    const auto deadline = std::chrono::steady_clock::now() + deadlock_timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::yield();
    }
    return true;
}

}  // namespace

TEST_CASE("a probe held up at the provider blocks neither opening nor closing another connection") {
    gated_engine f;
    f.seed_tokens("slow");
    auto slow = f.open("slow");
    std::future<tether::outcome> health;
    std::future<void> passer_by;
    gate_opener opener{*f.gate};

    health = std::async(std::launch::async, [&] { return f.health_with_probe(); });
    REQUIRE(f.gate->wait_until_held(1));
    passer_by = std::async(std::launch::async, [&] { f.open("passer-by").reset(); });
    CHECK(passer_by.wait_for(deadlock_timeout) == std::future_status::ready);
    CHECK(f.gate->answered_at == 0);  // the probe was still held while the other connection came and went

    f.gate->open();
    const auto doc = boost::json::parse(health.get().body);
    REQUIRE(doc.at("connections").as_int64() == 1);  // the passer-by opened after the list was taken
    const auto& only = doc.at("per_connection").at(0);
    CHECK(only.at("connection_id").as_string() == "slow");
    CHECK(only.at("probe").at("status").as_string() == "ok");
}

TEST_CASE("closing a connection whose probe is in flight waits until its document is built") {
    gated_engine f;
    f.seed_tokens("closing");
    auto closing = f.open("closing");
    std::atomic<int> closed_at{0};
    std::future<tether::outcome> health;
    std::future<void> closer;
    gate_opener opener{*f.gate};

    health = std::async(std::launch::async, [&] { return f.health_with_probe(); });
    REQUIRE(f.gate->wait_until_held(1));
    closer = std::async(std::launch::async, [&] {
        closing.reset();
        closed_at = ++f.steps;
    });
    // A closing connection stops being listed before it waits for the builds that use it: once a health
    // build no longer lists it, its destructor has started.
    REQUIRE(eventually([&] { return f.connections_listed() == 0; }));
    CHECK(closed_at == 0);

    f.gate->open();
    const auto doc = boost::json::parse(health.get().body);
    closer.get();
    CHECK(f.gate->answered_at > 0);
    CHECK(closed_at > f.gate->answered_at);
    REQUIRE(doc.at("connections").as_int64() == 1);
    const auto& closed = doc.at("per_connection").at(0);
    CHECK(closed.at("connection_id").as_string() == "closing");
    CHECK(closed.at("probe").at("user_id").as_string() == "1001");
    CHECK(f.connections_listed() == 0);
}

TEST_CASE("the connector's health probes every connection when asked to, and sends nothing when not") {
    engine_fixture f;
    f.seed_tokens("a");
    f.seed_tokens("b");
    auto a = f.open("a");
    auto b = f.open("b");

    const int sent_before = f.http_ref->sent;
    const auto plain = boost::json::parse(tether::connector_health(*f.connector, false, false).body);
    CHECK(f.http_ref->sent == sent_before);
    REQUIRE(plain.at("connections").as_int64() == 2);
    for (const auto& doc : plain.at("per_connection").as_array()) CHECK_FALSE(doc.as_object().contains("probe"));
    const std::string prometheus = tether::connector_health(*f.connector, false, true).body;
    CHECK(f.http_ref->sent == sent_before);
    CHECK_THAT(prometheus, Catch::Contains("tether_circuit_open{connector=\"smartsheet\",connection=\"a\"} 0") &&
                               Catch::Contains("tether_circuit_open{connector=\"smartsheet\",connection=\"b\"} 0"));

    const auto probed = boost::json::parse(tether::connector_health(*f.connector, true, false).body);
    CHECK(f.emulator.count("GET /2.0/users/me") == 2);
    REQUIRE(probed.at("connections").as_int64() == 2);
    CHECK(probed.at("summary").at("healthy").as_int64() == 2);
    for (const auto& doc : probed.at("per_connection").as_array()) {
        CHECK(doc.at("probe").at("status").as_string() == "ok");
        CHECK(doc.at("probe").at("user_id").as_string() == "1001");
    }
}

TEST_CASE("tether_connector_health hands TETHER_HEALTH_PROBE on to every connection's document") {
    engine_fixture f;  // for its emulator, settings and stored records; the engine here is libtether's
    tether::sdk::memory_store store;
    for (const std::string id : {"a", "b"}) {
        f.seed_tokens(id);
        REQUIRE(store.store(id, 0, boost::json::serialize(f.host_ref->record(id))) == TETHER_OK);
    }
    tether::sdk::host_services services;
    services.use_storage(store);
    services.now_ms = [&f] { return to_ms(f.emulator.now()); };
    auto connector = tether::sdk::connector::open_file(smartsheet_manifest_path(), services);
    REQUIRE(connector);
    auto a = connector->connect("a", f.settings_json());
    auto b = connector->connect("b", f.settings_json());
    REQUIRE((a && b));

    const auto plain = connector->health();
    REQUIRE(plain.ok());
    const auto plain_doc = boost::json::parse(plain.body());
    for (const auto& one : plain_doc.at("per_connection").as_array()) CHECK_FALSE(one.as_object().contains("probe"));
    CHECK(f.emulator.count("GET /2.0/users/me") == 0);

    const auto probed = connector->health(TETHER_HEALTH_PROBE);
    REQUIRE(probed.ok());
    const auto doc = boost::json::parse(probed.body());
    REQUIRE(doc.at("connections").as_int64() == 2);
    for (const auto& one : doc.at("per_connection").as_array()) {
        CHECK(one.at("probe").at("status").as_string() == "ok");
        CHECK(one.at("probe").at("user_id").as_string() == "1001");
    }
    CHECK(f.emulator.count("GET /2.0/users/me") == 2);
}
