// The default store path (XDG base directories) and the private directories it lives in.
#include "cli/store_location.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace tether_cli {

std::optional<std::string> default_store_path(const char* xdg_data_home, const char* home) {
    // The XDG spec: a relative XDG_DATA_HOME is invalid and must be ignored.
    if (xdg_data_home != nullptr && xdg_data_home[0] == '/') return std::string(xdg_data_home) + "/tether/tether.db";
    if (home != nullptr && home[0] == '/') return std::string(home) + "/.local/share/tether/tether.db";
    return std::nullopt;
}

bool make_parent_directories(const std::string& file_path, std::string& error) {
    const auto slash = file_path.rfind('/');
    if (slash == std::string::npos || slash == 0) return true;
    const std::string dir = file_path.substr(0, slash);
    for (std::size_t pos = 1; pos != std::string::npos;) {
        pos = dir.find('/', pos + 1);
        const std::string prefix = dir.substr(0, pos);
        if (::mkdir(prefix.c_str(), 0700) != 0 && errno != EEXIST) {
            error = "cannot create the store directory '" + prefix + "': " + std::strerror(errno);
            return false;
        }
    }
    return true;
}

}  // namespace tether_cli
