// Many processes, many threads, one SQLite store, one connection: each expiry costs exactly one token request,
// and nobody is told to reconnect. Runs through the public C ABI (tether.hpp) as real hosts do.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <vector>

#include "emulator/smartsheet_emulator.hpp"
#include "tests/auth/worker_processes.hpp"
#include "tether/stores/sqlite_store.hpp"
#include "tether/tether.hpp"

namespace sdk = tether::sdk;
namespace emu = tether::emulator;

namespace {

std::string fresh_db() {
    const auto dir = std::filesystem::temp_directory_path() / ("tether-xproc-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / "store.db";
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path.string();
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
        auto opened = sdk::sqlite_store::open(db);
        REQUIRE(std::holds_alternative<std::unique_ptr<sdk::sqlite_store>>(opened));
        worker_processes::seed_shared_connection(e, *std::get<std::unique_ptr<sdk::sqlite_store>>(opened));
    }
    const std::string settings = worker_processes::settings_for(e);

    for (int expiry = 1; expiry <= 2; ++expiry) {
        e.advance_clock(std::chrono::seconds(3600 + 60));
        worker_processes::run("sqlite:" + db, settings, 4, 8);
        CHECK(e.count("POST /2.0/token", "refresh_token") == expiry);
    }
    CHECK(e.count("GET /2.0/users/me") >= 64);
}
