// Many processes, many threads, one SQLite store, one connection: each expiry costs exactly one token request,
// and nobody is told to reconnect. Runs through the public C ABI (tether.hpp) as real hosts do.
#include <catch2/catch.hpp>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <vector>

#include <boost/json.hpp>

#include "emulator/smartsheet_emulator.hpp"
#include "tests/support/authorized_record.hpp"
#include "tether/stores/sqlite_store.hpp"
#include "tether/tether.hpp"

extern char** environ;

namespace sdk = tether::sdk;
namespace emu = tether::emulator;

namespace {

std::string settings_for(const emu::smartsheet_emulator& e) {
    boost::json::object s;
    s["client_id"] = e.options().client_id;
    s["client_secret"] = e.options().client_secret;
    s["base_url"] = e.api_base();
    s["authorize_url"] = e.authorize_url();
    return boost::json::serialize(s);
}

std::string fresh_db() {
    const auto dir = std::filesystem::temp_directory_path() / ("tether-xproc-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "store.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path.string();
}

// Spawns `processes` workers (tests/auth/process_worker.cpp), each with `threads` concurrent calls, and
// waits for all. Spawned rather than forked: a fork would copy a process whose emulator threads may hold locks.
void run_processes(const std::string& db, const std::string& settings, int processes, int threads) {
    const std::string manifest = std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml";
    const std::string thread_count = std::to_string(threads);
    std::vector<pid_t> children;
    for (int p = 0; p < processes; ++p) {
        std::vector<char*> argv{const_cast<char*>(TETHER_PROCESS_WORKER), const_cast<char*>(manifest.c_str()),
                                const_cast<char*>(db.c_str()), const_cast<char*>(settings.c_str()),
                                const_cast<char*>(thread_count.c_str()), nullptr};
        pid_t pid = 0;
        REQUIRE(::posix_spawn(&pid, TETHER_PROCESS_WORKER, nullptr, nullptr, argv.data(), environ) == 0);
        children.push_back(pid);
    }
    for (const pid_t pid : children) {
        int wstatus = 0;
        REQUIRE(::waitpid(pid, &wstatus, 0) == pid);
        REQUIRE(WIFEXITED(wstatus));
        CHECK(WEXITSTATUS(wstatus) == 0);
    }
}

}  // namespace

TEST_CASE("4 processes x 8 threads on one SQLite store: exactly one token request per expiry") {
    emu::emulator_options options;
    options.declared_lifetime_s = 3600;
    emu::smartsheet_emulator e(options);
    e.add_user(1001, "ada@example.com");
    const std::string db = fresh_db();
    {
        // The connection was authorized earlier: its record is in the store.
        auto pair = e.issue_tokens(1001, {"READ_SHEETS"});
        const std::int64_t now_ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(e.now().time_since_epoch()).count();
        const std::string record =
            tether_test::authorized_record(pair.access_token, pair.refresh_token, now_ms, pair.expires_in, {},
                                           e.base_url());
        auto opened = sdk::sqlite_store::open(db);
        REQUIRE(std::holds_alternative<std::unique_ptr<sdk::sqlite_store>>(opened));
        REQUIRE(std::get<std::unique_ptr<sdk::sqlite_store>>(opened)->store("shared", 0, record) == TETHER_OK);
    }
    const std::string settings = settings_for(e);

    for (int expiry = 1; expiry <= 2; ++expiry) {
        e.advance_clock(std::chrono::seconds(3600 + 60));
        run_processes(db, settings, 4, 8);
        CHECK(e.count("POST /2.0/token", "refresh_token") == expiry);
    }
    CHECK(e.count("GET /2.0/users/me") >= 64);
}
