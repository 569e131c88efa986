// What only some commands need, and is heavy to load, lives outside `tether`: a helper program started in its
// place (exec: same process, same standard streams, same environment), or a module loaded with dlopen. `tether`
// itself then never loads that library: `tether webhook serve` needs cpp-httplib (a helper program), a
// postgresql:// store needs libpq (a module). Loading both at every start cost a short `tether call` about a
// tenth of its start. git keeps its HTTP transport in git-remote-http for the same reason.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tether_cli {

// Where the helper program or module `name` is looked for, in order: next to the running program (the build
// tree), then in the installed helper directory relative to it (bin/../libexec/tether).
std::vector<std::string> helper_program_candidates(std::string_view running_program_dir, std::string_view name);

// Replaces this process with the helper `name`, given `words` (the command line without argv[0]). Returns only
// when no candidate could be started: then it has printed why, naming where it looked, and returns the exit code.
int exec_helper_program(std::string_view name, const std::vector<std::string>& words);

// Loads the helper module `name` (dlopen, never unloaded) and returns the address of its function `entry`; nullptr
// with `error` set (what failed, where it looked) when the module is missing or does not load.
void* load_helper_module_entry(std::string_view name, const char* entry, std::string& error);

}  // namespace tether_cli
