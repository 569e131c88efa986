// The CLI as a host: its storage (sqlite:PATH or memory:) and its log (stderr, at the chosen level).
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "tether/tether.hpp"

namespace tether_cli {

struct cli_host {
    std::unique_ptr<tether::sdk::storage> storage;
    tether::sdk::host_services services;
};

// Opens the store named by `store_uri` and sets up logging; on failure, a message for the user.
std::variant<cli_host, std::string> make_host(const std::string& store_uri, const std::string& log_level);

}  // namespace tether_cli
