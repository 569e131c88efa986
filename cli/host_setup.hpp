// The CLI as a host: its storage (sqlite:PATH or memory:, by default the store in the user's data directory)
// and its log (stderr, at the chosen level).
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "cli/arguments.hpp"
#include "tether/tether.hpp"

namespace tether_cli {

struct cli_host {
    std::unique_ptr<tether::sdk::storage> storage;
    tether::sdk::host_services services;
};

// read_only: a store file that does not exist is not created (an empty store stands in for it).
enum class store_use { read_only, read_write };

// Opens the store the arguments name and sets up logging; on failure, a message for the user.
std::variant<cli_host, std::string> make_host(const arguments& args, store_use use);

}  // namespace tether_cli
