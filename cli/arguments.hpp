// The `tether` command line as data: global options, the command and its own arguments. Parsing is pure.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tether_cli {

struct arguments {
    std::string manifest;
    std::string store = "sqlite:./tether.db";
    std::string connection = "default";
    std::vector<std::pair<std::string, std::string>> settings;  // --set KEY=VALUE, in order
    std::string log_level = "warn";
    std::string command;
    std::vector<std::string> rest;  // the command's own arguments
};

// Parses argv (without argv[0]). On a usage error returns nullopt and sets `error`.
std::optional<arguments> parse_arguments(const std::vector<std::string>& argv, std::string& error);

}  // namespace tether_cli
