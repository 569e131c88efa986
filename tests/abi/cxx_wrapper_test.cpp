// The header-only C++ wrapper (tether.hpp): RAII handles, expected-style results, lambda host services.
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/abi/map_storage.hpp"
#include "tests/abi/test_host.hpp"
#include "tether/tether.hpp"

namespace sdk = tether::sdk;

namespace {

using tether_test::map_storage;

// What a host callable throws in these tests; the wrapper must never repeat it.
constexpr const char* host_exception_text = "host-private detail 8f3e";

struct log_line {
    int level;
    std::string message;
};

// Captures what the wrapper sends to the host's own log callable.
void capture_log(sdk::host_services& services, std::vector<log_line>& lines) {
    services.log = [&lines](int level, std::string_view message, std::string_view, std::string_view) {
        lines.push_back({level, std::string(message)});
    };
}

std::int64_t system_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST_CASE("the wrapper opens a connector and a connection from a storage object") {
    map_storage storage;
    sdk::host_services services;
    services.use_storage(storage);
    auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services);
    REQUIRE(connector.has_value());
    auto connection = connector->connect("conn-1", R"({"client_id":"app-123","client_secret":"s3cr3t-value-1"})");
    REQUIRE(connection.has_value());

    // A connection that was never authorized needs a human first.
    sdk::result r = connection->refresh();
    CHECK(r.code() == sdk::status::reconnect_required);
    CHECK(r.reason() == "not_authorized");
    CHECK_FALSE(r.ok());
}

TEST_CASE("a connector the library refuses comes back as the error result") {
    sdk::host_services services;  // no storage at all
    auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services);
    REQUIRE_FALSE(connector.has_value());
    CHECK(connector.error().code() == sdk::status::config_error);
    CHECK_THAT(std::string(connector.error().message()), Catch::Contains("'load'"));
}

TEST_CASE("a bad manifest text comes back with file:line:col diagnostics") {
    map_storage storage;
    sdk::host_services services;
    services.use_storage(storage);
    auto connector = sdk::connector::open_text("format_version: [", services, "broken.yaml");
    REQUIRE_FALSE(connector.has_value());
    CHECK(connector.error().reason() == "manifest_invalid");
    CHECK_THAT(std::string(connector.error().message()), Catch::StartsWith("broken.yaml:1:"));
}

TEST_CASE("bad settings come back as the connection's error result") {
    map_storage storage;
    sdk::host_services services;
    services.use_storage(storage);
    auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services);
    REQUIRE(connector.has_value());
    auto connection = connector->connect("conn-1", R"({"region":"mars"})");
    REQUIRE_FALSE(connection.has_value());
    CHECK(connection.error().code() == sdk::status::config_error);
}

TEST_CASE("a throwing storage or lease callable reads as a storage error and random_bytes as a host error") {
    sdk::detail::host_bridge bridge;
    bridge.services.load = [](const std::string&, std::string&, std::uint64_t&) -> tether_status {
        throw std::runtime_error("disk on fire");
    };
    bridge.services.store = [](const std::string&, std::uint64_t, std::string_view) -> tether_status {
        throw std::runtime_error("disk on fire");
    };
    bridge.services.lease_acquire = [](const std::string&, const std::string&, std::int64_t) -> tether_status {
        throw std::runtime_error("lock table gone");
    };
    bridge.services.lease_release = [](const std::string&, const std::string&) -> tether_status { throw 42; };
    bridge.services.random_bytes = [](void*, std::size_t) -> tether_status { throw std::bad_alloc(); };
    const tether_host table = bridge.table();
    tether_record_out out{nullptr, [](tether_record_out*, const char*, std::size_t, std::uint64_t) {}};
    CHECK(table.load(table.storage_ctx, "conn", &out) == TETHER_STORAGE_ERROR);
    CHECK(table.store(table.storage_ctx, "conn", 0, "x", 1) == TETHER_STORAGE_ERROR);
    CHECK(table.lease_acquire(table.storage_ctx, "lease", "owner", 1000) == TETHER_STORAGE_ERROR);
    CHECK(table.lease_release(table.storage_ctx, "lease", "owner") == TETHER_STORAGE_ERROR);
    char buf[4];
    CHECK(table.random_bytes(table.random_ctx, buf, sizeof buf) == TETHER_HOST_ERROR);
    CHECK(table.now_ms == nullptr);  // unset services keep tether's defaults
}

TEST_CASE("a throwing host clock is replaced by the system clock and reported once, without its text") {
    sdk::detail::host_bridge bridge;
    std::vector<log_line> lines;
    capture_log(bridge.services, lines);
    bridge.services.now_ms = []() -> std::int64_t { throw std::runtime_error(host_exception_text); };
    const tether_host table = bridge.table();

    for (int i = 0; i < 5; ++i) {
        const std::int64_t before = system_ms();
        const std::int64_t read = table.now_ms(table.clock_ctx);
        const std::int64_t after = system_ms();
        CHECK(read >= before - 2000);
        CHECK(read <= after + 2000);
    }
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].level == TETHER_LOG_WARN);
    CHECK_THAT(lines[0].message, Catch::Contains("now_ms") && Catch::Contains("system clock"));
    CHECK_THAT(lines[0].message, !Catch::Contains(host_exception_text));
}

TEST_CASE("a throwing host sleep still sleeps the requested time and is reported") {
    sdk::detail::host_bridge bridge;
    std::vector<log_line> lines;
    capture_log(bridge.services, lines);
    bridge.services.sleep_ms = [](std::int64_t) { throw std::runtime_error(host_exception_text); };
    const tether_host table = bridge.table();

    const auto start = std::chrono::steady_clock::now();
    table.sleep_ms(table.clock_ctx, 3);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    CHECK(elapsed >= std::chrono::milliseconds(3));  // a lower bound: the sleep happened, however slow the box
    table.sleep_ms(table.clock_ctx, 1);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].level == TETHER_LOG_WARN);
    CHECK_THAT(lines[0].message, Catch::Contains("sleep_ms"));
    CHECK_THAT(lines[0].message, !Catch::Contains(host_exception_text));
}

TEST_CASE("the clock warning respects the host's log level") {
    sdk::detail::host_bridge bridge;
    std::vector<log_line> lines;
    capture_log(bridge.services, lines);
    bridge.services.log_level = TETHER_LOG_ERROR;
    bridge.services.now_ms = []() -> std::int64_t { throw std::runtime_error(host_exception_text); };
    const tether_host table = bridge.table();

    CHECK(table.now_ms(table.clock_ctx) >= system_ms() - 2000);
    CHECK(lines.empty());
}

TEST_CASE("a throwing log is swallowed, also while it reports a broken clock") {
    sdk::detail::host_bridge bridge;
    int log_calls = 0;
    bridge.services.log = [&log_calls](int, std::string_view, std::string_view, std::string_view) {
        ++log_calls;
        throw std::runtime_error(host_exception_text);
    };
    bridge.services.now_ms = []() -> std::int64_t { throw std::runtime_error(host_exception_text); };
    const tether_host table = bridge.table();

    const tether_log_entry entry{sizeof(tether_log_entry), TETHER_LOG_WARN, "hello", nullptr, nullptr};
    CHECK_NOTHROW(table.log(table.log_ctx, &entry));
    CHECK(table.now_ms(table.clock_ctx) >= system_ms() - 2000);
    CHECK(log_calls == 2);
}

TEST_CASE("clock and sleep warnings come on the first failure and then at most once a minute") {
    sdk::detail::warning_throttle throttle;
    CHECK(throttle.allow(0));
    CHECK_FALSE(throttle.allow(0));
    CHECK_FALSE(throttle.allow(59999));
    CHECK(throttle.allow(60000));
    CHECK_FALSE(throttle.allow(60001));
    CHECK_FALSE(throttle.allow(-5000));  // a clock read out of order does not reopen the gate early
    CHECK(throttle.allow(120000));
}

TEST_CASE("a connector whose storage throws answers a storage-touching verb with storage_error") {
    map_storage storage;
    bool storage_broken = false;
    sdk::host_services services;
    services.use_storage(storage);
    services.load = [&](const std::string& id, std::string& data, std::uint64_t& version) {
        if (storage_broken) throw std::runtime_error(host_exception_text);
        return storage.load(id, data, version);
    };
    services.store = [&](const std::string& id, std::uint64_t expected, std::string_view data) {
        if (storage_broken) throw std::runtime_error(host_exception_text);
        return storage.store(id, expected, data);
    };
    auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services);
    REQUIRE(connector.has_value());
    auto connection = connector->connect("conn-1", R"({"client_id":"app-123","client_secret":"s3cr3t-value-1"})");
    REQUIRE(connection.has_value());
    REQUIRE(connection->authorize_begin().ok());  // the same verb works while storage does

    storage_broken = true;
    sdk::result r = connection->authorize_begin();
    CHECK(r.code() == sdk::status::storage_error);
    CHECK_THAT(std::string(r.json()), !Catch::Contains(host_exception_text));
}

TEST_CASE("every wrapper verb hands a failing status back as a result, never as an exception") {
    sdk::host_services services;
    services.load = [](const std::string&, std::string&, std::uint64_t&) { return TETHER_STORAGE_ERROR; };
    services.store = [](const std::string&, std::uint64_t, std::string_view) { return TETHER_STORAGE_ERROR; };
    auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services);
    REQUIRE(connector.has_value());
    auto connection = connector->connect("conn-1", R"({"client_id":"app-123","client_secret":"s3cr3t-value-1"})");
    REQUIRE(connection.has_value());

    struct verb {
        const char* name;
        std::function<sdk::result()> run;
        sdk::status expected;
    };
    const std::vector<verb> verbs = {
        {"authorize_begin", [&] { return connection->authorize_begin(); }, sdk::status::storage_error},
        {"authorize_complete_url",
         [&] { return connection->authorize_complete_url("http://127.0.0.1/callback?code=c&state=s"); },
         sdk::status::storage_error},
        {"authorize_complete", [&] { return connection->authorize_complete("c", "s"); }, sdk::status::storage_error},
        {"authorize_with_token", [&] { return connection->authorize_with_token("token-abcdef"); },
         sdk::status::storage_error},
        {"connect_client", [&] { return connection->connect_client(); }, sdk::status::config_error},
        {"refresh", [&] { return connection->refresh(true); }, sdk::status::storage_error},
        {"call", [&] { return connection->call("users.me"); }, sdk::status::storage_error},
        {"call of an unknown operation", [&] { return connection->call("sheets.burn"); }, sdk::status::bad_request},
        {"revoke", [&] { return connection->revoke(); }, sdk::status::storage_error},
        {"revoke every token of the app", [&] { return connection->revoke(TETHER_REVOKE_ALL_FOR_CLIENT); },
         sdk::status::storage_error},
        // A failing storage is evidence for doctor, not a failure of it: the verdict is config.
        {"diagnose", [&] { return connection->diagnose(); }, sdk::status::ok},
    };
    for (const auto& v : verbs) {
        INFO("connection::" << v.name);
        sdk::result r;
        CHECK_NOTHROW(r = v.run());
        CHECK(r.get() != nullptr);
        CHECK(r.code() == v.expected);
        CHECK_FALSE(r.reason().empty());
    }
}

TEST_CASE("reading the value of a failed expected throws bad_result_access carrying the failure") {
    sdk::host_services services;  // no storage: the library refuses
    auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services);
    REQUIRE_FALSE(connector.has_value());
    const std::string reason(connector.error().reason());
    REQUIRE_FALSE(reason.empty());

    try {
        (void)connector.value();
        FAIL("value() on a failure did not throw");
    } catch (const sdk::bad_result_access& e) {
        CHECK(e.code() == sdk::status::config_error);
        CHECK(e.reason() == reason);
        CHECK(e.message() == connector.error().message());
        CHECK_THAT(std::string(e.what()), Catch::StartsWith("tether: config_error (" + reason + "): "));
        CHECK_THAT(std::string(e.what()), Catch::Contains("'load'"));
    }
    CHECK_THROWS_AS(connector->health(), sdk::bad_result_access);
    CHECK_THROWS_AS(*connector, sdk::bad_result_access);
    CHECK_THROWS_AS(std::move(connector).value(), sdk::bad_result_access);
    // NOLINTNEXTLINE(bugprone-use-after-move): value() && threw before moving anything
    CHECK(connector.error().code() == sdk::status::config_error);
}

TEST_CASE("reading the error of a successful expected throws bad_result_access saying it holds a value") {
    sdk::expected<int> answer(42);
    try {
        (void)answer.error();
        FAIL("error() on a value did not throw");
    } catch (const sdk::bad_result_access& e) {
        CHECK(e.code() == sdk::status::ok);
        CHECK_THAT(std::string(e.what()), Catch::Contains("holds a value"));
    }
    CHECK(answer.value() == 42);
}

TEST_CASE("value_or gives the value or, on a failure, the fallback") {
    CHECK(sdk::expected<int>(7).value_or(1) == 7);
    tether_result* raw = nullptr;
    tether_refresh(nullptr, 0, &raw);
    CHECK(sdk::expected<int>(sdk::result(raw)).value_or(1) == 1);
}

TEST_CASE("results and handles are move-only owners") {
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<sdk::result>);
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<sdk::connector>);
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<sdk::connection>);
    STATIC_REQUIRE(std::is_nothrow_move_constructible_v<sdk::result>);

    tether_result* raw = nullptr;
    tether_refresh(nullptr, 0, &raw);
    sdk::result a(raw);
    sdk::result b(std::move(a));
    CHECK(b.code() == sdk::status::host_error);
    CHECK(a.get() == nullptr);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
    CHECK(a.code() == sdk::status::internal);
}
