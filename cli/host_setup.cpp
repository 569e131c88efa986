// The CLI as a host: its storage (sqlite:PATH or memory:) and its log (stderr, at the chosen level).
#include "cli/host_setup.hpp"

#include <cstdio>

#include "tether/stores/memory_store.hpp"
#include "tether/stores/sqlite_store.hpp"

namespace tether_cli {

namespace {

int level_of(const std::string& name) {
    if (name == "off") return TETHER_LOG_OFF;
    if (name == "error") return TETHER_LOG_ERROR;
    if (name == "warn") return TETHER_LOG_WARN;
    if (name == "info") return TETHER_LOG_INFO;
    if (name == "debug") return TETHER_LOG_DEBUG;
    if (name == "trace") return TETHER_LOG_TRACE;
    return -1;
}

const char* level_name(int level) {
    static const char* names[] = {"off", "error", "warn", "info", "debug", "trace"};
    return level >= 0 && level <= 5 ? names[level] : "log";
}

}  // namespace

std::variant<cli_host, std::string> make_host(const std::string& store_uri, const std::string& log_level) {
    cli_host host;
    const int level = level_of(log_level);
    if (level < 0) return "--log-level must be one of off, error, warn, info, debug, trace (got '" + log_level + "')";

    if (store_uri == "memory:") {
        host.storage = std::make_unique<tether::sdk::memory_store>();
    } else if (store_uri.rfind("sqlite:", 0) == 0 && store_uri.size() > 7) {
        auto opened = tether::sdk::sqlite_store::open(store_uri.substr(7));
        if (auto* error = std::get_if<std::string>(&opened)) return *error;
        host.storage = std::move(std::get<std::unique_ptr<tether::sdk::sqlite_store>>(opened));
    } else {
        return "--store must be sqlite:PATH or memory: (got '" + store_uri + "')";
    }
    host.services.use_storage(*host.storage);
    host.services.log_level = level;
    // tether redacts what it logs; the CLI adds only the level and the connection/operation it concerns.
    host.services.log = [](int lvl, std::string_view message, std::string_view connection, std::string_view op) {
        std::fprintf(stderr, "tether %s", level_name(lvl));
        if (!connection.empty()) std::fprintf(stderr, " [%.*s]", static_cast<int>(connection.size()), connection.data());
        if (!op.empty()) std::fprintf(stderr, " %.*s", static_cast<int>(op.size()), op.data());
        std::fprintf(stderr, ": %.*s\n", static_cast<int>(message.size()), message.data());
    };
    return host;
}

}  // namespace tether_cli
