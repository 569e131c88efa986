#include "cli/helper_program.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>

#include "cli/exit_codes.hpp"

#ifndef TETHER_CLI_HELPER_DIR_FROM_BIN
#define TETHER_CLI_HELPER_DIR_FROM_BIN "../libexec/tether"
#endif

namespace tether_cli {

namespace {

std::string running_program_dir() {
    std::string path(4096, '\0');
    const ssize_t n = ::readlink("/proc/self/exe", path.data(), path.size());
    if (n <= 0 || static_cast<std::size_t>(n) >= path.size()) return ".";
    path.resize(static_cast<std::size_t>(n));
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

}  // namespace

std::vector<std::string> helper_program_candidates(std::string_view running_program_dir, std::string_view name) {
    const std::string dir(running_program_dir);
    return {dir + "/" + std::string(name), dir + "/" + TETHER_CLI_HELPER_DIR_FROM_BIN + "/" + std::string(name)};
}

int exec_helper_program(std::string_view name, const std::vector<std::string>& words) {
    std::cout.flush();
    std::cerr.flush();
    std::string tried;
    int last_error = ENOENT;
    for (const auto& path : helper_program_candidates(running_program_dir(), name)) {
        std::vector<char*> argv;
        argv.push_back(const_cast<char*>(path.c_str()));
        for (const auto& word : words) argv.push_back(const_cast<char*>(word.c_str()));
        argv.push_back(nullptr);
        ::execv(path.c_str(), argv.data());  // returns only on failure
        if (errno != ENOENT || last_error == ENOENT) last_error = errno;  // "not found" says least
        tried += (tried.empty() ? "" : ", ") + path;
    }
    std::cerr << "tether: cannot start the helper program " << name << " (" << std::strerror(last_error)
              << "; looked for " << tried << "): is tether installed completely?\n";
    return exit_internal;
}

void* load_helper_module_entry(std::string_view name, const char* entry, std::string& error) {
    std::string tried;
    for (const auto& path : helper_program_candidates(running_program_dir(), name)) {
        if (::access(path.c_str(), F_OK) != 0) {
            tried += (tried.empty() ? "" : ", ") + path;
            continue;
        }
        void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (module == nullptr) {
            const char* why = ::dlerror();
            error = "cannot load " + path + ": " + (why != nullptr ? why : "unknown error");
            return nullptr;
        }
        void* function = ::dlsym(module, entry);
        if (function == nullptr) error = path + " has no " + entry + ": not a module of this tether";
        return function;
    }
    error = "cannot find the module " + std::string(name) + " (looked for " + tried +
            "): is tether installed completely?";
    return nullptr;
}

}  // namespace tether_cli
