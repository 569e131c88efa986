#include "cli/program.hpp"

#include <sys/prctl.h>
#include <sys/resource.h>

#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/command_table.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output.hpp"

namespace tether_cli {

namespace {

// The CLI's memory holds the client secret and the connection's tokens: a crash must not write them to a core
// file, and other processes of the same user must not read them through ptrace or /proc/PID/mem. This is the
// CLI's choice for its own process; libtether never changes its host's process settings.
void keep_memory_out_of_core_dumps() {
    const rlimit no_core{0, 0};
    (void)::setrlimit(RLIMIT_CORE, &no_core);
    (void)::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

}  // namespace

int run_program(int argc, char** argv) {
    keep_memory_out_of_core_dumps();
    std::string error;
    const auto args = parse_arguments(std::vector<std::string>(argv + 1, argv + argc), error);
    if (!args) return usage_error(error);
    try {
        return run_command(*args);
    } catch (const std::exception& e) {
        std::cerr << "tether: internal error: " << e.what() << '\n';
        return exit_internal;
    }
}

}  // namespace tether_cli
