// The CLI as a host: its storage (sqlite:PATH, postgresql://… or memory:) and its log (stderr, at the chosen
// level).
#include "cli/host_setup.hpp"

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>

#include "cli/exit_codes.hpp"
#include "cli/helper_program.hpp"
#include "cli/output.hpp"
#include "cli/postgresql_module.hpp"
#include "cli/record_keys.hpp"
#include "cli/store_location.hpp"
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

bool is_postgresql(const std::string& store) {
    return store.rfind("postgresql://", 0) == 0 || store.rfind("postgres://", 0) == 0;
}

// A database shared by a fleet: the schema is created on first use, even by a command that only reads (the
// database itself must exist). A statement that fails later is told on stderr, without the password. The store
// comes from the module tether-cli-postgresql.so, so that no other command loads libpq.
std::variant<std::unique_ptr<tether::sdk::storage>, host_failure> open_postgresql(const std::string& uri,
                                                                                  int log_level) {
    std::string error;
    auto* open = reinterpret_cast<open_postgresql_function>(
        load_helper_module_entry(postgresql_module_name, postgresql_module_entry, error));
    if (open == nullptr) return host_failure{error, true};
    postgresql_opening opened;
    open(uri, log_level >= TETHER_LOG_ERROR, opened);
    if (!opened.store) return host_failure{opened.problem, true};
    return std::move(opened.store);
}

std::variant<std::unique_ptr<tether::sdk::storage>, host_failure> open_store(const arguments& args, store_use use,
                                                                             int log_level) {
    std::string path;
    if (!args.store) {
        const auto found = default_store_path(std::getenv("XDG_DATA_HOME"), std::getenv("HOME"));
        if (!found)
            return host_failure{"no default store: neither XDG_DATA_HOME nor HOME is set; give --store sqlite:PATH"};
        path = *found;
    } else if (*args.store == "memory:") {
        return std::make_unique<tether::sdk::memory_store>();
    } else if (args.store->rfind("sqlite:", 0) == 0 && args.store->size() > 7) {
        path = args.store->substr(7);
    } else if (is_postgresql(*args.store)) {
        return open_postgresql(*args.store, log_level);
    } else {
        // Not echoed: a mistyped connection string may hold a password.
        return host_failure{"--store needs sqlite:PATH, postgresql://USER@HOST:PORT/DATABASE or memory:"};
    }
    struct stat st {};
    if (use == store_use::read_only && ::stat(path.c_str(), &st) != 0)
        return std::make_unique<tether::sdk::memory_store>();  // nothing stored yet: nothing to create
    std::string error;
    if (!args.store && !make_parent_directories(path, error)) return host_failure{error, true};
    auto opened = tether::sdk::sqlite_store::open(path);
    if (auto* problem = std::get_if<std::string>(&opened)) return host_failure{*problem, true};
    return std::move(std::get<std::unique_ptr<tether::sdk::sqlite_store>>(opened));
}

}  // namespace

std::variant<cli_host, host_failure> make_host(const arguments& args, store_use use) {
    cli_host host;
    const int level = level_of(args.log_level);
    if (level < 0)
        return host_failure{"--log-level needs one of off, error, warn, info, debug, trace, got '" + args.log_level +
                            "'"};
    auto keys = record_keys_from(std::getenv("TETHER_RECORD_KEY"), std::getenv("TETHER_RECORD_KEY_PREVIOUS"));
    if (auto* problem = std::get_if<std::string>(&keys)) return host_failure{*problem};
    host.record_keys = std::move(std::get<tether::sdk::record_keys>(keys));
    auto store = open_store(args, use, level);
    if (auto* failure = std::get_if<host_failure>(&store)) return *failure;
    host.storage = std::move(std::get<std::unique_ptr<tether::sdk::storage>>(store));
    host.services.use_storage(*host.storage);
    host.services.log_level = level;
    // tether redacts what it logs; the CLI adds only the level and the connection/operation it concerns.
    host.services.log = [](int lvl, std::string_view message, std::string_view connection, std::string_view op) {
        std::fprintf(stderr, "tether %s", level_name(lvl));
        if (!connection.empty())
            std::fprintf(stderr, " [%.*s]", static_cast<int>(connection.size()), connection.data());
        if (!op.empty()) std::fprintf(stderr, " %.*s", static_cast<int>(op.size()), op.data());
        std::fprintf(stderr, ": %.*s\n", static_cast<int>(message.size()), message.data());
    };
    return host;
}

int report_host_failure(const host_failure& failure, std::string_view command) {
    if (!failure.storage) return usage_error(failure.message, command);
    std::fprintf(stderr,
                 "tether: %s\n  what to do: check the store's path, or the database server and its connection string, "
                 "and the permissions (--store)\n",
                 failure.message.c_str());
    return exit_storage;
}

}  // namespace tether_cli
