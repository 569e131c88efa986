// The CLI's PostgreSQL store lives in a module of its own, tether-cli-postgresql.so (postgresql_module.cpp),
// which `tether` loads with dlopen when it is given a postgresql:// store. Every other command then starts
// without libpq (the same reason as for the helper programs, helper_program.hpp). The module is private to the
// CLI and built with it, so its entry point passes C++ types; it is never unloaded, because the store it made
// runs its code until the process ends.
#pragma once

#include <memory>
#include <string>

#include "tether/tether.hpp"

namespace tether_cli {

inline constexpr const char* postgresql_module_name = "tether-cli-postgresql.so";
inline constexpr const char* postgresql_module_entry = "tether_cli_open_postgresql";

struct postgresql_opening {
    std::unique_ptr<tether::sdk::storage> store;  // set when the database was reached and its schema is in place
    std::string problem;                          // otherwise why not, without the password
};

// The module's entry point: opens the store `uri` names; with `log_errors`, a statement that fails later is told
// on stderr.
using open_postgresql_function = void (*)(const std::string& uri, bool log_errors, postgresql_opening& out);

}  // namespace tether_cli
