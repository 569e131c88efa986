// The `tether` command line as data: global options (accepted before or after the command), the command and
// its own arguments. Parsing is pure.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tether_cli {

struct arguments {
    std::string manifest;
    std::optional<std::string> store;  // --store URI; unset: the default store in the user's data directory
    std::string connection = "default";
    std::vector<std::pair<std::string, std::string>> settings;  // --set KEY=VALUE, in order
    std::string log_level = "warn";
    std::vector<std::string> extensions;  // --extension PATH, in order
    bool help = false;              // --help or -h anywhere: the command's help, or the overall usage without a command
    std::string command;            // empty when none was given
    std::vector<std::string> rest;  // the command's own arguments, in order
    std::vector<std::string> words;  // argv without argv[0], as given: what a helper program is started with
};

// The global options with the form of their value, for usage text and messages.
struct global_option {
    const char* name;
    const char* value_form;
    const char* meaning;
};
extern const std::vector<global_option> global_options;

// Parses argv (without argv[0]). On a usage error returns nullopt and sets `error`, which names the option and
// the form it expects.
std::optional<arguments> parse_arguments(const std::vector<std::string>& argv, std::string& error);

}  // namespace tether_cli
