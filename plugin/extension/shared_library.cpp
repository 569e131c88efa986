// dlopen and dlsym, with their failures as outcomes naming the path.
#include "plugin/extension/shared_library.hpp"

#include <dlfcn.h>

#include <cstring>

namespace tether::extension {

shared_library::~shared_library() {
    dlclose(handle_);
}

std::variant<std::shared_ptr<shared_library>, outcome> shared_library::open(const std::string& path) {
    if (path.empty())
        return outcome::failure(status::config_error, "extension_not_loaded", "an extension path is empty");
    // A bare name would be looked up in the system's library path: an extension is always a file the host names.
    const std::string named = path.find('/') == std::string::npos ? "./" + path : path;
    void* handle = dlopen(named.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        const char* why = dlerror();
        return outcome::failure(status::config_error, "extension_not_loaded",
                                "cannot load extension " + path + ": " + (why != nullptr ? why : "dlopen failed"));
    }
    dlerror();
    void* symbol = dlsym(handle, TETHER_EXTENSION_ENTRY_SYMBOL);
    if (symbol == nullptr) {
        dlclose(handle);
        return outcome::failure(status::config_error, "extension_entry_missing",
                                "extension " + path +
                                    " does not export " TETHER_EXTENSION_ENTRY_SYMBOL
                                    "(); declare it extern \"C\" with default visibility");
    }
    tether_extension_entry_fn entry = nullptr;
    static_assert(sizeof(entry) == sizeof(symbol));
    std::memcpy(&entry, &symbol, sizeof(entry));  // POSIX: a data pointer from dlsym may hold a function
    return std::shared_ptr<shared_library>(new shared_library(handle, entry));
}

}  // namespace tether::extension
