// A shared library opened with dlopen (RTLD_NOW | RTLD_LOCAL) and closed with dlclose when the last owner
// lets go: how an extension given by path is loaded, and its entry function found.
#pragma once

#include <memory>
#include <string>
#include <variant>

#include "plugin/core/outcome.hpp"
#include "sdk_shim/include/tether/tether.h"

namespace tether::extension {

class shared_library {
public:
    ~shared_library();
    shared_library(const shared_library&) = delete;
    shared_library& operator=(const shared_library&) = delete;

    // The library at `path` and its TETHER_EXTENSION_ENTRY_SYMBOL, or a config_error outcome naming the path:
    // reason "extension_not_loaded" (dlopen's own words) or "extension_entry_missing".
    static std::variant<std::shared_ptr<shared_library>, outcome> open(const std::string& path);

    tether_extension_entry_fn entry() const noexcept { return entry_; }

private:
    shared_library(void* handle, tether_extension_entry_fn entry) : handle_(handle), entry_(entry) {}
    void* handle_;
    tether_extension_entry_fn entry_;
};

}  // namespace tether::extension
