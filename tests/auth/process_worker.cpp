// A worker process for the cross-process test: opens the shared SQLite store and its own connector through the
// public ABI, runs N concurrent calls on one connection, and exits 0 only if every call succeeded.
// A separate executable (spawned, not forked) so that no thread of the test process is copied into it.
#include <atomic>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "tether/stores/sqlite_store.hpp"
#include "tether/tether.hpp"

int main(int argc, char** argv) {
    if (argc != 5) return 64;  // usage: process_worker <manifest> <db> <settings json> <threads>
    const std::string manifest = argv[1], db = argv[2], settings = argv[3];
    const int threads = std::atoi(argv[4]);

    auto opened = tether::sdk::sqlite_store::open(db);
    if (!std::holds_alternative<std::unique_ptr<tether::sdk::sqlite_store>>(opened)) return 10;
    auto& store = *std::get<std::unique_ptr<tether::sdk::sqlite_store>>(opened);
    tether::sdk::host_services services;
    services.use_storage(store);
    services.log_level = TETHER_LOG_OFF;
    auto connector = tether::sdk::connector::open_file(manifest, services);
    if (!connector) return 11;
    auto connection = connector->connect("shared", settings);
    if (!connection) return 12;

    std::atomic<int> failures{0};
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            if (!connection->call("users.me").ok()) ++failures;
        });
    for (auto& t : pool) t.join();
    return failures == 0 ? 0 : 1;
}
