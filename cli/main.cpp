// The `tether` command-line host: a client of the public C ABI only (through sdk_shim's tether.hpp), with
// the SQLite store of sdk_shim as its embedded default storage.
#include <iostream>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"

int main(int argc, char** argv) {
    std::string error;
    const auto args = tether_cli::parse_arguments(std::vector<std::string>(argv + 1, argv + argc), error);
    if (!args) {
        std::cerr << "tether: " << error << "\n\n" << tether_cli::usage_text;
        return tether_cli::exit_usage;
    }
    try {
        return tether_cli::run_command(*args);
    } catch (const std::exception& e) {
        std::cerr << "tether: internal error: " << e.what() << '\n';
        return tether_cli::exit_internal;
    }
}
