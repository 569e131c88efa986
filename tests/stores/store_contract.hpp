// The storage contract of tether.h as checks any store can be put through (memory, SQLite, PostgreSQL):
// versioned records with compare-and-swap, and leases with owners and expiry.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tether/tether.hpp"

namespace store_contract {

namespace sdk = tether::sdk;

struct fake_clock {
    std::int64_t now = 1'700'000'000'000;
};

// Runs the same contract checks on any storage.
inline void check_record_contract(sdk::storage& s) {
    std::string data;
    std::uint64_t version = 0;
    REQUIRE(s.load("conn", data, version) == TETHER_OK);
    CHECK(version == 0);

    CHECK(s.store("conn", 0, R"({"v":1})") == TETHER_OK);
    CHECK(s.store("conn", 0, R"({"v":"late creator"})") == TETHER_CONFLICT);
    REQUIRE(s.load("conn", data, version) == TETHER_OK);
    CHECK(version == 1);
    CHECK(data == R"({"v":1})");

    CHECK(s.store("conn", 1, R"({"v":2})") == TETHER_OK);
    CHECK(s.store("conn", 1, R"({"v":"stale writer"})") == TETHER_CONFLICT);
    CHECK(s.store("conn", 7, R"({"v":"future writer"})") == TETHER_CONFLICT);
    REQUIRE(s.load("conn", data, version) == TETHER_OK);
    CHECK(version == 2);
    CHECK(data == R"({"v":2})");

    // Records of other connections are independent.
    CHECK(s.store("other", 0, "x") == TETHER_OK);
    REQUIRE(s.load("conn", data, version) == TETHER_OK);
    CHECK(version == 2);
}

inline void check_lease_contract(sdk::storage& s, fake_clock& clock) {
    REQUIRE(s.supports_lease());
    CHECK(s.lease_acquire("refresh:conn", "owner-a", 1000) == TETHER_OK);
    CHECK(s.lease_acquire("refresh:conn", "owner-b", 1000) == TETHER_CONFLICT);
    CHECK(s.lease_acquire("refresh:conn", "owner-a", 1000) == TETHER_OK);   // re-entrant for its owner
    CHECK(s.lease_acquire("refresh:other", "owner-b", 1000) == TETHER_OK);  // names are independent

    CHECK(s.lease_release("refresh:conn", "owner-b") == TETHER_OK);  // not the owner: no effect
    CHECK(s.lease_acquire("refresh:conn", "owner-b", 1000) == TETHER_CONFLICT);

    clock.now += 1001;  // an expired lease is free for anyone
    CHECK(s.lease_acquire("refresh:conn", "owner-b", 1000) == TETHER_OK);
    CHECK(s.lease_release("refresh:conn", "owner-b") == TETHER_OK);
    CHECK(s.lease_acquire("refresh:conn", "owner-c", 1000) == TETHER_OK);
}

// Many writers each add 1 to a counter record through a CAS loop; the final version counts every win.
// Runs on worker threads, where Catch2 v2 must not assert: it returns the first status that breaks the
// contract (anything but OK on load, anything but OK or CONFLICT on store), TETHER_OK when there was none.
inline tether_status increment(sdk::storage& s, int times) {
    for (int i = 0; i < times; ++i) {
        for (;;) {
            std::string data;
            std::uint64_t version = 0;
            if (const tether_status loaded = s.load("counter", data, version); loaded != TETHER_OK) return loaded;
            const int value = data.empty() ? 0 : std::stoi(data);
            const tether_status st = s.store("counter", version, std::to_string(value + 1));
            if (st == TETHER_OK) break;
            if (st != TETHER_CONFLICT) return st;
        }
    }
    return TETHER_OK;
}

// Forks `processes` children that each open a store of their own (`open_store`, nullptr when it cannot; it must
// not assert, as a child cannot report to Catch2) and add `per_process` to the counter record through the CAS
// loop; then checks that every child succeeded and, through one more store, that no update was lost.
inline void check_processes_never_lose_an_update(const std::function<std::unique_ptr<sdk::storage>()>& open_store,
                                                 int processes = 4, int per_process = 50) {
    std::vector<pid_t> children;
    for (int p = 0; p < processes; ++p) {
        const pid_t pid = ::fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            const auto s = open_store();
            if (!s) std::_Exit(3);
            std::_Exit(increment(*s, per_process) == TETHER_OK ? 0 : 4);
        }
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int wstatus = 0;
        REQUIRE(::waitpid(pid, &wstatus, 0) == pid);
        CHECK(WIFEXITED(wstatus));
        CHECK(WEXITSTATUS(wstatus) == 0);
    }
    const auto s = open_store();
    REQUIRE(s);
    std::string data;
    std::uint64_t version = 0;
    REQUIRE(s->load("counter", data, version) == TETHER_OK);
    CHECK(data == std::to_string(processes * per_process));
    CHECK(version == static_cast<std::uint64_t>(processes * per_process));
}

}  // namespace store_contract
