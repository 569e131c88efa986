// The storage contract of tether.h (store_contract.hpp), checked against the memory and SQLite stores; the
// PostgreSQL store goes through the same checks in postgresql_store_test.cpp.
#include "tests/stores/store_contract.hpp"

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tether/stores/memory_store.hpp"
#include "tether/stores/sqlite_store.hpp"

namespace sdk = tether::sdk;
using namespace store_contract;  // the contract checks shared by every store

namespace {

std::string temp_db(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("tether-store-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    std::filesystem::remove(path);
    std::filesystem::remove(path.string() + "-wal");
    std::filesystem::remove(path.string() + "-shm");
    return path.string();
}

std::unique_ptr<sdk::sqlite_store> open_sqlite(const std::string& path, fake_clock* clock = nullptr) {
    sdk::sqlite_store::options opts;
    if (clock != nullptr) opts.now_ms = [clock] { return clock->now; };
    auto opened = sdk::sqlite_store::open(path, opts);
    REQUIRE(std::holds_alternative<std::unique_ptr<sdk::sqlite_store>>(opened));
    return std::move(std::get<std::unique_ptr<sdk::sqlite_store>>(opened));
}

}  // namespace

TEST_CASE("the memory store keeps versioned records with compare-and-swap") {
    sdk::memory_store s;
    check_record_contract(s);
    const auto peeked = s.peek("conn");
    REQUIRE(peeked);
    CHECK(peeked->second == 2);
}

TEST_CASE("the memory store's leases have owners and expire") {
    fake_clock clock;
    sdk::memory_store s([&clock] { return clock.now; });
    check_lease_contract(s, clock);
}

TEST_CASE("the SQLite store keeps versioned records with compare-and-swap") {
    auto s = open_sqlite(temp_db("records.db"));
    check_record_contract(*s);
}

TEST_CASE("the SQLite store's leases have owners and expire") {
    fake_clock clock;
    auto s = open_sqlite(temp_db("leases.db"), &clock);
    check_lease_contract(*s, clock);
}

TEST_CASE("the SQLite store keeps its records across reopening") {
    const auto path = temp_db("reopen.db");
    open_sqlite(path)->store("conn", 0, "kept");
    std::string data;
    std::uint64_t version = 0;
    open_sqlite(path)->load("conn", data, version);
    CHECK(data == "kept");
    CHECK(version == 1);
}

TEST_CASE("a SQLite store that cannot be opened says where and why") {
    auto opened = sdk::sqlite_store::open("/nonexistent-dir/tether/x.db");
    REQUIRE(std::holds_alternative<std::string>(opened));
    CHECK_THAT(std::get<std::string>(opened), Catch::Contains("/nonexistent-dir/tether/x.db"));
}

TEST_CASE("threads sharing one store never lose an update") {
    sdk::memory_store memory;
    auto sqlite = open_sqlite(temp_db("threads.db"));
    for (sdk::storage* s : {static_cast<sdk::storage*>(&memory), static_cast<sdk::storage*>(sqlite.get())}) {
        std::vector<tether_status> outcomes(8, TETHER_INTERNAL);
        std::vector<std::thread> threads;
        for (auto& outcome : outcomes) threads.emplace_back([s, &outcome] { outcome = increment(*s, 25); });
        for (auto& t : threads) t.join();
        CHECK(outcomes == std::vector<tether_status>(8, TETHER_OK));
        std::string data;
        std::uint64_t version = 0;
        s->load("counter", data, version);
        CHECK(data == "200");
        CHECK(version == 200);
    }
}

TEST_CASE("processes sharing one SQLite file never lose an update") {
    const auto path = temp_db("processes.db");
    open_sqlite(path);  // create the schema before the children race
    check_processes_never_lose_an_update([&path]() -> std::unique_ptr<sdk::storage> {
        auto opened = sdk::sqlite_store::open(path);
        if (auto* s = std::get_if<std::unique_ptr<sdk::sqlite_store>>(&opened)) return std::move(*s);
        return nullptr;
    });
}
