// What an idle connection costs a host: N connections opened through the C ABI (the C++ wrapper), each holding
// an API token, no traffic. Resident memory is read before and after; the host's own storage of the same
// records is measured alone in the same run and subtracted, so the figure is tether's share only.
// Prints one JSON line: {"bench":"idle_connections","connections":N,"kib_per_connection":X,...}
#include <malloc.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "tether/stores/memory_store.hpp"
#include "tether/tether.hpp"

namespace {

long resident_kib() {
    malloc_trim(0);  // freed blocks handed back, so that earlier phases do not blur the next
    std::ifstream statm("/proc/self/statm");
    long size = 0, resident = 0;
    statm >> size >> resident;
    return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

std::string token_of(int i) { return "bench-api-token-" + std::to_string(1'000'000 + i) + "-a1b2c3d4e5f6"; }

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: idle_connections <manifest> [connections]\n";
        return 2;
    }
    const std::string manifest = argv[1];
    const int count = argc > 2 ? std::stoi(argv[2]) : 10'000;
    const std::string settings = R"({"base_url":"http://127.0.0.1:9/2.0"})";

    tether::sdk::memory_store store;
    tether::sdk::host_services services;
    services.use_storage(store);
    services.log_level = TETHER_LOG_ERROR;
    services.log = [](int, std::string_view, std::string_view, std::string_view) {};
    auto connector = tether::sdk::connector::open_file(manifest, services);
    if (!connector) {
        std::cerr << "idle_connections: " << connector.error().message() << "\n";
        return 1;
    }
    // Records first, through connections that are closed again: the store then holds what a host stores.
    for (int i = 0; i < count; ++i) {
        auto c = connector->connect("bench-" + std::to_string(i), settings);
        if (!c) {
            std::cerr << "idle_connections: " << c.error().message() << "\n";
            return 1;
        }
        if (auto r = c->authorize_with_token(token_of(i)); !r.ok()) {
            std::cerr << "idle_connections: " << r.message() << "\n";
            return 1;
        }
    }
    const long before = resident_kib();
    std::vector<tether::sdk::connection> open;
    open.reserve(count);
    for (int i = 0; i < count; ++i) {
        auto c = connector->connect("bench-" + std::to_string(i), settings);
        if (!c) return 1;
        open.push_back(std::move(*c));
    }
    const long opened = resident_kib();
    // A host holds connections it has used at least once: each has read its record (the token) once.
    for (auto& c : open) (void)c.health();
    const long after = resident_kib();
    const double per_opened = static_cast<double>(opened - before) / count;
    const double per = static_cast<double>(after - before) / count;
    std::printf("{\"bench\":\"idle_connections\",\"connections\":%d,\"kib_per_connection\":%.2f,"
                "\"kib_per_connection_never_used\":%.2f,\"resident_kib_before\":%ld,\"resident_kib_after\":%ld}\n",
                count, per, per_opened, before, after);
    return 0;
}
