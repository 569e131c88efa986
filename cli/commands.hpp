// The `tether` commands. Each takes the parsed command line and returns the process exit code; results go
// to stdout as one JSON object, diagnostics to stderr.
#pragma once

#include "cli/arguments.hpp"

namespace tether_cli {

extern const char* const usage_text;

int run_command(const arguments& args);

}  // namespace tether_cli
