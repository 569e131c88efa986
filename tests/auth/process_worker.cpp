// A worker process for the cross-process tests: opens the shared store (SQLite or PostgreSQL) and its own
// connector through the public ABI, runs N concurrent calls on one connection, and exits 0 only if every call
// succeeded (2 when one was told to reconnect, 1 for any other failure).
// A separate executable (spawned, not forked) so that no thread of the test process is copied into it.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "tether/stores/postgresql_store.hpp"
#include "tether/stores/sqlite_store.hpp"
#include "tether/tether.hpp"

namespace {

// "sqlite:PATH" or "postgresql:CONNINFO" (any libpq form). A PostgreSQL store's lease clock may be set ahead,
// as a worker would see it once that much time has passed.
std::unique_ptr<tether::sdk::storage> open_store(const std::string& store, std::int64_t lease_clock_ahead_ms) {
    if (store.rfind("sqlite:", 0) == 0) {
        auto opened = tether::sdk::sqlite_store::open(store.substr(7));
        if (auto* s = std::get_if<std::unique_ptr<tether::sdk::sqlite_store>>(&opened)) return std::move(*s);
    } else if (store.rfind("postgresql:", 0) == 0) {
        tether::sdk::postgresql_store::options options;
        if (lease_clock_ahead_ms != 0)
            options.now_ms = [lease_clock_ahead_ms] {
                using namespace std::chrono;
                return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() +
                       lease_clock_ahead_ms;
            };
        auto opened = tether::sdk::postgresql_store::open(store.substr(11), options);
        if (auto* s = std::get_if<std::unique_ptr<tether::sdk::postgresql_store>>(&opened)) return std::move(*s);
    }
    return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
    // usage: process_worker <manifest> <store> <settings json> <threads> [lease clock ahead, ms]
    if (argc != 5 && argc != 6) return 64;
    const std::string manifest = argv[1], store_uri = argv[2], settings = argv[3];
    const int threads = std::atoi(argv[4]);
    const std::int64_t lease_clock_ahead_ms = argc == 6 ? std::atoll(argv[5]) : 0;

    const auto store = open_store(store_uri, lease_clock_ahead_ms);
    if (!store) return 10;
    tether::sdk::host_services services;
    services.use_storage(*store);
    services.log_level = TETHER_LOG_OFF;
    auto connector = tether::sdk::connector::open_file(manifest, services);
    if (!connector) return 11;
    auto connection = connector->connect("shared", settings);
    if (!connection) return 12;

    std::atomic<int> failures{0}, reconnects{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            const auto outcome = connection->call("users.me");
            if (outcome.ok()) return;
            // Said on stderr, which ctest shows with the failing test: which status and why.
            std::fprintf(stderr, "process_worker: users.me failed: %s (%s): %s; attempts %s\n",
                         std::string(tether_status_str(static_cast<tether_status>(outcome.code()))).c_str(),
                         std::string(outcome.reason()).c_str(), std::string(outcome.message()).c_str(),
                         std::string(outcome.attempts_json()).c_str());
            ++failures;
            if (outcome.code() == tether::sdk::status::reconnect_required) ++reconnects;
        });
    for (auto& t : pool) t.join();
    return reconnects > 0 ? 2 : failures > 0 ? 1 : 0;
}
