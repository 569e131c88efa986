// Spawning the worker processes of the cross-process tests (process_worker.cpp, TETHER_PROCESS_WORKER) and
// collecting how they ended. Spawned rather than forked: a fork would copy a process whose emulator threads may
// hold locks.
#pragma once

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "emulator/smartsheet_emulator.hpp"
#include "tests/support/authorized_record.hpp"
#include "tether/tether.hpp"

extern char** environ;

namespace worker_processes {

// The connection settings every worker uses: the emulator's client and URLs.
inline std::string settings_for(const tether::emulator::smartsheet_emulator& e) {
    boost::json::object s;
    s["client_id"] = e.options().client_id;
    s["client_secret"] = e.options().client_secret;
    s["base_url"] = e.api_base();
    s["authorize_url"] = e.authorize_url();
    return boost::json::serialize(s);
}

// Stores in `store` the record of connection "shared", authorized earlier for user 1001 of the emulator.
inline void seed_shared_connection(tether::emulator::smartsheet_emulator& e, tether::sdk::storage& store) {
    const auto pair = e.issue_tokens(1001, {"READ_SHEETS"});
    const std::int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(e.now().time_since_epoch()).count();
    const std::string record = tether_test::authorized_record(pair.access_token, pair.refresh_token, now_ms,
                                                              pair.expires_in, {}, e.base_url());
    REQUIRE(store.store("shared", 0, record) == TETHER_OK);
}

// Starts one worker: `threads` concurrent calls on connection "shared" of `store` ("sqlite:PATH" or
// "postgresql:CONNINFO"); `lease_clock_ahead_ms` sets its PostgreSQL lease clock ahead.
inline pid_t spawn(const std::string& store, const std::string& settings, int threads,
                   std::int64_t lease_clock_ahead_ms = 0) {
    const std::string manifest = std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml";
    std::vector<std::string> args{TETHER_PROCESS_WORKER, manifest, store, settings, std::to_string(threads)};
    if (lease_clock_ahead_ms != 0) args.push_back(std::to_string(lease_clock_ahead_ms));
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    pid_t pid = 0;
    REQUIRE(::posix_spawn(&pid, TETHER_PROCESS_WORKER, nullptr, nullptr, argv.data(), environ) == 0);
    return pid;
}

// How a worker ended: its exit code (0: every call succeeded, 1: a call failed, 2: a call was told to
// reconnect), or 128 + the signal that ended it.
inline int wait_for(pid_t pid) {
    int wstatus = 0;
    REQUIRE(::waitpid(pid, &wstatus, 0) == pid);
    return WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
}

// Runs `processes` workers at once and checks that each made all its calls successfully.
inline void run(const std::string& store, const std::string& settings, int processes, int threads) {
    std::vector<pid_t> children;
    for (int p = 0; p < processes; ++p) children.push_back(spawn(store, settings, threads));
    for (const pid_t pid : children) CHECK(wait_for(pid) == 0);
}

}  // namespace worker_processes
