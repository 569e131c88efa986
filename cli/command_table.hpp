// The table of `tether` commands: each command's name, synopsis, options and handler. A new command is one
// entry here and one handler in the file of its group.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/command_options.hpp"

namespace tether_cli {

// What a handler gets: the global arguments and its own options, already checked against its entry.
struct invocation {
    const arguments& args;
    const command_options& options;
};

struct command {
    std::string_view name;
    std::string_view synopsis;  // the options after the name, e.g. "[--force]"
    std::string_view summary;   // one or more lines, each already indented for the usage text
    std::vector<option_spec> options;
    int (*run)(const invocation&);
};

const std::vector<command>& commands();

// The overall usage (`tether --help`) and one command's help (`tether COMMAND --help`).
std::string usage_text();
std::string command_help(const command& c);

// Runs the command the arguments name; returns the process exit code.
int run_command(const arguments& args);

}  // namespace tether_cli
