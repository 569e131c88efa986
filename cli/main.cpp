// The `tether` command-line host. It uses only the public C ABI (through sdk_shim's tether.hpp).
// This release implements `version` and `validate`; the other commands of the contract follow.
#include <boost/json.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "cli/arguments.hpp"
#include "tether/tether.hpp"

namespace {

// Exit codes: the CLI contract (README).
constexpr int exit_ok = 0;
constexpr int exit_internal = 1;
constexpr int exit_usage = 2;

constexpr const char* usage = R"(usage: tether [global options] <command> [command options]
global options:
  --manifest PATH        connector manifest (required, except for `version`)
  --store URI            sqlite:PATH (default: sqlite:./tether.db) or memory:
  --connection ID        connection id (default: default)
  --set KEY=VALUE        a connection setting from the manifest; repeatable
  --log-level LEVEL      error|warn|info|debug|trace (logs go to stderr, redacted)
commands:
  version                library + ABI version
  validate               validate the manifest (and settings, when given)
)";

std::string settings_json(const tether_cli::arguments& args) {
    boost::json::object settings;
    for (const auto& [key, value] : args.settings) settings[key] = value;
    return boost::json::serialize(settings);
}

int run_version() {
    const uint32_t abi = tether_abi_version();
    std::printf("tether %s (ABI %u.%u)\n", tether_version(), TETHER_ABI_MAJOR_OF(abi), TETHER_ABI_MINOR_OF(abi));
    return exit_ok;
}

int run_validate(const tether_cli::arguments& args) {
    const std::string settings = settings_json(args);
    tether_result* raw = nullptr;
    tether_manifest_validate(args.manifest.c_str(), nullptr, args.settings.empty() ? nullptr : settings.c_str(),
                             &raw);
    tether::sdk::result result(raw);
    if (result.ok()) {
        std::printf("%s: ok\n", args.manifest.c_str());
        return exit_ok;
    }
    std::cerr << result.message() << '\n';
    return result.code() == tether::sdk::status::config_error ? exit_usage : exit_internal;
}

}  // namespace

int main(int argc, char** argv) {
    std::string error;
    const auto args = tether_cli::parse_arguments(std::vector<std::string>(argv + 1, argv + argc), error);
    if (!args) {
        std::cerr << "tether: " << error << "\n\n" << usage;
        return exit_usage;
    }
    if (args->command == "help") {
        std::cout << usage;
        return exit_ok;
    }
    if (args->command == "version") return run_version();
    if (args->manifest.empty()) {
        std::cerr << "tether: --manifest is required for '" << args->command << "'\n";
        return exit_usage;
    }
    if (args->command == "validate") return run_validate(*args);
    std::cerr << "tether: unknown command '" << args->command << "'\n\n" << usage;
    return exit_usage;
}
