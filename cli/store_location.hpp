// Where the CLI keeps its store when --store is not given: the user's data directory, never the current one.
#pragma once

#include <optional>
#include <string>

namespace tether_cli {

// $XDG_DATA_HOME/tether/tether.db when XDG_DATA_HOME is an absolute path, else $HOME/.local/share/tether/tether.db;
// nullopt when neither is usable. Pure: the environment's values are passed in (nullptr when unset).
std::optional<std::string> default_store_path(const char* xdg_data_home, const char* home);

// Creates the directory that holds `file_path` and its missing parents, private to the user (mode 0700).
bool make_parent_directories(const std::string& file_path, std::string& error);

}  // namespace tether_cli
