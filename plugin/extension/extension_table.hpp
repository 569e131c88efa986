// An extension's table (tether_extension, from tether.h) read into plain values: its version checked, every
// contribution's struct and names checked, its code operations' parameters as manifest parameters — so that a
// code operation's parameters are validated exactly like a manifest operation's. Pure.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "plugin/core/outcome.hpp"
#include "plugin/manifest/model.hpp"
#include "sdk_shim/include/tether/tether.h"

namespace tether::extension {

struct code_operation {
    std::string extension;  // the name of the extension offering it
    std::string name;
    std::string description;
    std::vector<manifest::param> params;  // each `in: query` (a code operation has no wire of its own)
    tether_extension_fn run = nullptr;
    void* user = nullptr;
};

struct hook {
    std::string extension;
    std::string name;
    tether_extension_fn run = nullptr;
    void* user = nullptr;
};

struct extension_info {
    std::string name;
    std::string source;  // the path it was loaded from, or "entry function #n"
    std::vector<code_operation> operations;
    std::vector<hook> request_hooks;
    std::vector<hook> response_hooks;
};

// The table as values, or a config_error outcome naming `source`: reason "extension_invalid" (NULL table,
// struct too small, a NULL name or function, a malformed parameter), "extension_abi_too_new" (built for a
// newer minor or another major than this library).
std::variant<extension_info, outcome> read_extension_table(const tether_extension* table, const std::string& source);

}  // namespace tether::extension
