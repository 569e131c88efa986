// The CLI as a host: its storage (sqlite:PATH, postgresql://… or memory:, by default the SQLite store in the
// user's data directory) and its log (stderr, at the chosen level).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "cli/arguments.hpp"
#include "tether/tether.hpp"

namespace tether_cli {

struct cli_host {
    std::unique_ptr<tether::sdk::storage> storage;
    tether::sdk::host_services services;
    tether::sdk::record_keys record_keys;  // from TETHER_RECORD_KEY and TETHER_RECORD_KEY_PREVIOUS
};

// read_only: a store file that does not exist is not created (an empty store stands in for it).
enum class store_use { read_only, read_write };

// Why the host could not be set up: a wrong option (exit 2) or a store that cannot be opened (exit 8).
struct host_failure {
    std::string message;
    bool storage = false;
};

// Opens the store the arguments name and sets up logging.
std::variant<cli_host, host_failure> make_host(const arguments& args, store_use use);

// Prints the failure with what to do, for `command`; returns its exit code.
int report_host_failure(const host_failure& failure, std::string_view command);

}  // namespace tether_cli
