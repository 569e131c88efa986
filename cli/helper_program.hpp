// Commands that need a heavy library run in a helper program of their own, started in place of `tether`
// (exec: same process, same standard streams, same environment). `tether` itself then never loads that
// library: `tether webhook serve` needs cpp-httplib, whose start-up (OpenSSL's configuration included) would
// otherwise cost every short `tether call` about a sixth of its start. git keeps its HTTP transport in
// git-remote-http for the same reason.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tether_cli {

// Where the helper `name` is looked for, in order: next to the running program (the build tree), then in the
// installed helper directory relative to it (bin/../libexec/tether).
std::vector<std::string> helper_program_candidates(std::string_view running_program_dir, std::string_view name);

// Replaces this process with the helper `name`, given `words` (the command line without argv[0]). Returns only
// when no candidate could be started: then it has printed why, naming where it looked, and returns the exit code.
int exec_helper_program(std::string_view name, const std::vector<std::string>& words);

}  // namespace tether_cli
