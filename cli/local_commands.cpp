// Commands that need no store and create no file: version and validate.
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/connection_session.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output.hpp"
#include "tether/tether.hpp"

namespace tether_cli {

namespace {

int no_arguments(const invocation& in) {
    return usage_error(std::string(in.args.command) + " takes no arguments", in.args.command);
}

}  // namespace

int run_version(const invocation& in) {
    if (!in.options.positional.empty()) return no_arguments(in);
    const uint32_t abi = tether_abi_version();
    std::printf("tether %s (ABI %u.%u)\n", tether_version(), TETHER_ABI_MAJOR_OF(abi), TETHER_ABI_MINOR_OF(abi));
    return exit_ok;
}

// The manifest alone, or with settings when --set gives some (secrets then come from the environment): a
// secret in the environment alone does not turn the check of a manifest into a check of incomplete settings.
int run_validate(const invocation& in) {
    if (!in.options.positional.empty()) return no_arguments(in);
    auto described = manifest_settings_for(in.args);
    if (auto* code = std::get_if<int>(&described)) return *code;
    if (!in.args.settings.empty()) {
        boost::json::object given;
        for (const auto& [key, value] : in.args.settings) given[key] = value;
        const std::string settings = connection_settings_json(given, std::get<std::vector<setting_info>>(described));
        tether_result* raw = nullptr;
        tether_manifest_validate(in.args.manifest.c_str(), nullptr, settings.c_str(), &raw);
        const tether::sdk::result result(raw);
        if (!result.ok()) {
            std::cerr << result.message() << '\n';
            return exit_code_for(static_cast<tether_status>(result.code()));
        }
    }
    std::printf("%s: ok\n", in.args.manifest.c_str());
    return exit_ok;
}

}  // namespace tether_cli
