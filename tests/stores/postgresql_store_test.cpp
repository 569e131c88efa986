// The PostgreSQL store (sdk_shim) against a real server (ctest fixture postgres_server): the storage contract
// of store_contract.hpp, its lease clock, several threads and processes, the schema created by processes
// starting at once, a dropped connection, and messages that never show the password.
#include "tether/stores/postgresql_store.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/stores/store_contract.hpp"
#include "tests/support/postgres_test_database.hpp"

namespace sdk = tether::sdk;
using namespace store_contract;  // the contract checks shared by every store

namespace {

std::unique_ptr<sdk::postgresql_store> open_postgresql(const std::string& conninfo,
                                                       sdk::postgresql_store::options opts = {}) {
    auto opened = sdk::postgresql_store::open(conninfo, std::move(opts));
    if (const auto* problem = std::get_if<std::string>(&opened)) FAIL(*problem);
    return std::move(std::get<std::unique_ptr<sdk::postgresql_store>>(opened));
}

std::int64_t system_now_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

TEST_CASE("the PostgreSQL store keeps versioned records with compare-and-swap") {
    auto s = open_postgresql(tether_test::fresh_postgres_schema("records"));
    check_record_contract(*s);
}

TEST_CASE("the PostgreSQL store keeps record bytes as they are, zero bytes included") {
    auto s = open_postgresql(tether_test::fresh_postgres_schema("bytes"));
    const std::string data("sealed\0\xff\x01record", 16);
    REQUIRE(s->store("conn", 0, data) == TETHER_OK);
    std::string loaded;
    std::uint64_t version = 0;
    REQUIRE(s->load("conn", loaded, version) == TETHER_OK);
    CHECK(loaded == data);
    CHECK(version == 1);
}

TEST_CASE("the PostgreSQL store's leases have owners and expire") {
    fake_clock clock;
    sdk::postgresql_store::options opts;
    opts.now_ms = [&clock] { return clock.now; };
    auto s = open_postgresql(tether_test::fresh_postgres_schema("leases"), opts);
    check_lease_contract(*s, clock);
}

TEST_CASE("the PostgreSQL store's leases expire by the database server's clock unless the host gives one") {
    const std::string conninfo = tether_test::fresh_postgres_schema("server_clock");
    auto server_clock = open_postgresql(conninfo);
    REQUIRE(server_clock->lease_acquire("refresh:conn", "owner-a", 60'000) == TETHER_OK);

    sdk::postgresql_store::options same_time, two_minutes_later;
    same_time.now_ms = [] { return system_now_ms(); };
    two_minutes_later.now_ms = [] { return system_now_ms() + 120'000; };
    CHECK(open_postgresql(conninfo, same_time)->lease_acquire("refresh:conn", "owner-b", 60'000) == TETHER_CONFLICT);
    CHECK(open_postgresql(conninfo, two_minutes_later)->lease_acquire("refresh:conn", "owner-c", 60'000) == TETHER_OK);

    REQUIRE(server_clock->lease_acquire("refresh:other", "owner-a", 0) == TETHER_OK);  // expires at once
    CHECK(server_clock->lease_acquire("refresh:other", "owner-b", 60'000) == TETHER_OK);
}

TEST_CASE("the PostgreSQL store keeps its records across reopening") {
    const std::string conninfo = tether_test::fresh_postgres_schema("reopen");
    REQUIRE(open_postgresql(conninfo)->store("conn", 0, "kept") == TETHER_OK);
    std::string data;
    std::uint64_t version = 0;
    REQUIRE(open_postgresql(conninfo)->load("conn", data, version) == TETHER_OK);
    CHECK(data == "kept");
    CHECK(version == 1);
}

TEST_CASE("threads sharing one PostgreSQL store through its few connections never lose an update") {
    sdk::postgresql_store::options opts;
    opts.connections = 3;  // fewer than the threads: they queue for a connection
    auto s = open_postgresql(tether_test::fresh_postgres_schema("threads"), opts);
    std::vector<tether_status> outcomes(8, TETHER_INTERNAL);
    std::vector<std::thread> threads;
    for (auto& outcome : outcomes) threads.emplace_back([&s, &outcome] { outcome = increment(*s, 25); });
    for (auto& t : threads) t.join();
    CHECK(outcomes == std::vector<tether_status>(8, TETHER_OK));
    std::string data;
    std::uint64_t version = 0;
    REQUIRE(s->load("counter", data, version) == TETHER_OK);
    CHECK(data == "200");
    CHECK(version == 200);
}

TEST_CASE(
    "processes opening one new PostgreSQL database at once all create or find its schema, and lose no "
    "update") {
    // No store opens the schema first: the four processes race to create the tables.
    const std::string conninfo = tether_test::fresh_postgres_schema("processes");
    check_processes_never_lose_an_update([&conninfo]() -> std::unique_ptr<sdk::storage> {
        auto opened = sdk::postgresql_store::open(conninfo);
        if (auto* s = std::get_if<std::unique_ptr<sdk::postgresql_store>>(&opened)) return std::move(*s);
        return nullptr;
    });
}

TEST_CASE("the PostgreSQL store reconnects when the server drops its connections") {
    const std::string conninfo = tether_test::fresh_postgres_schema("reconnect");
    std::vector<std::string> errors;
    sdk::postgresql_store::options opts;
    opts.on_error = [&errors](std::string_view message) { errors.emplace_back(message); };
    // Its first connection carries a name of its own (libpq reads PGAPPNAME), so that only it is dropped.
    const std::string application = "tether_reconnect_" + std::to_string(::getpid());
    ::setenv("PGAPPNAME", application.c_str(), 1);
    auto s = open_postgresql(conninfo, opts);
    ::unsetenv("PGAPPNAME");
    REQUIRE(s->store("conn", 0, "before") == TETHER_OK);

    const std::string dropped = tether_test::run_postgres_sql(
        tether_test::postgres_test_conninfo(),
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '" + application + "'");
    REQUIRE(dropped.empty());

    std::string data;
    std::uint64_t version = 0;
    CHECK(s->load("conn", data, version) == TETHER_OK);
    CHECK(data == "before");
    CHECK(s->store("conn", 1, "after") == TETHER_OK);
    CHECK(s->lease_acquire("refresh:conn", "owner-a", 1000) == TETHER_OK);
    CHECK(errors.empty());
}

TEST_CASE("a failing PostgreSQL statement is a storage error, reported with the store's name") {
    const std::string conninfo = tether_test::fresh_postgres_schema("failing");
    std::vector<std::string> errors;
    sdk::postgresql_store::options opts;
    opts.on_error = [&errors](std::string_view message) { errors.emplace_back(message); };
    auto s = open_postgresql(conninfo, opts);
    REQUIRE(tether_test::run_postgres_sql(conninfo, "DROP TABLE tether_records").empty());

    std::string data;
    std::uint64_t version = 0;
    CHECK(s->load("conn", data, version) == TETHER_STORAGE_ERROR);
    CHECK(s->store("conn", 0, "lost") == TETHER_STORAGE_ERROR);
    REQUIRE(errors.size() == 2);
    CHECK_THAT(errors[0], Catch::StartsWith("PostgreSQL store " + s->name() + ": load failed: "));
    CHECK_THAT(errors[0], Catch::Contains("tether_records"));
}

TEST_CASE("a PostgreSQL store that cannot be reached says which, and never shows the password") {
    const std::string password = "pw-" + std::to_string(::getpid()) + "-never-shown";
    for (const std::string& conninfo :
         {"postgresql://tether:" + password + "@127.0.0.1:1/fleet?connect_timeout=5",
          "host=127.0.0.1 port=1 user=tether password=" + password + " dbname=fleet connect_timeout=5"}) {
        auto opened = sdk::postgresql_store::open(conninfo);
        REQUIRE(std::holds_alternative<std::string>(opened));
        const std::string& message = std::get<std::string>(opened);
        CHECK_THAT(message, Catch::StartsWith("cannot open PostgreSQL store postgresql://tether@127.0.0.1:1/fleet: "));
        CHECK(message.find(password) == std::string::npos);
        CHECK(message.find('\n') == std::string::npos);
    }
}

TEST_CASE("a PostgreSQL connection string libpq cannot read is refused without quoting it") {
    const std::string password = "pw-" + std::to_string(::getpid()) + "-never-shown";
    auto opened = sdk::postgresql_store::open("host=127.0.0.1 password=" + password + " port");
    REQUIRE(std::holds_alternative<std::string>(opened));
    CHECK_THAT(std::get<std::string>(opened), Catch::Contains("not one libpq reads"));
    CHECK(std::get<std::string>(opened).find(password) == std::string::npos);
}

TEST_CASE("a PostgreSQL role that may only use tables an administrator created keeps the whole contract") {
    const std::string conninfo = tether_test::fresh_postgres_schema("least_privilege");
    open_postgresql(conninfo);  // the administrator creates the tables
    const std::string role = "tether_worker_" + std::to_string(::getpid());
    const std::string schema = "tether_test_least_privilege_" + std::to_string(::getpid());
    const std::string granted = tether_test::run_postgres_sql(
        conninfo, "DROP ROLE IF EXISTS " + role + "; CREATE ROLE " + role + " LOGIN; GRANT USAGE ON SCHEMA " + schema +
                      " TO " + role + "; GRANT SELECT, INSERT, UPDATE ON tether_records TO " + role +
                      "; GRANT SELECT, INSERT, UPDATE, DELETE ON tether_leases TO " + role);
    REQUIRE(granted.empty());
    const bool uri = conninfo.rfind("postgres", 0) == 0 && conninfo.find("://") != std::string::npos;
    const std::string as_role = conninfo + (uri ? "&user=" : " user=") + role;

    fake_clock clock;
    sdk::postgresql_store::options opts;
    opts.now_ms = [&clock] { return clock.now; };
    {
        auto worker = open_postgresql(as_role, opts);
        CHECK(worker->name().find(role + "@") != std::string::npos);
        check_record_contract(*worker);
        check_lease_contract(*worker, clock);
    }
    CHECK(tether_test::run_postgres_sql(conninfo, "DROP OWNED BY " + role + "; DROP ROLE " + role).empty());
}
