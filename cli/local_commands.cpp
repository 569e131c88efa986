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

// What each loaded extension contributes, as validation describes it: one line per code operation (with its
// parameters, `*` marking the required ones) and per hook.
void print_extensions(std::string_view validated_body) {
    const auto doc = boost::json::parse(validated_body);
    const auto* extensions = doc.as_object().if_contains("extensions");
    if (extensions == nullptr) return;
    for (const auto& e : extensions->as_array()) {
        std::printf("extension %s (%s):\n", e.at("name").as_string().c_str(), e.at("source").as_string().c_str());
        for (const auto& op : e.at("operations").as_array()) {
            std::string params;
            for (const auto& p : op.at("params").as_array())
                params += (params.empty() ? "" : ", ") + std::string(p.at("name").as_string()) +
                          (p.at("required").as_bool() ? "*" : "") + ": " + std::string(p.at("type").as_string());
            std::printf("  operation %s(%s)  %s\n", op.at("name").as_string().c_str(), params.c_str(),
                        op.at("description").as_string().c_str());
        }
        for (const char* kind : {"request_hooks", "response_hooks"})
            for (const auto& h : e.at(kind).as_array())
                std::printf("  %s hook %s\n", std::string_view(kind) == "request_hooks" ? "request" : "response",
                            h.as_string().c_str());
    }
}

}  // namespace

int run_version(const invocation& in) {
    if (!in.options.positional.empty()) return no_arguments(in);
    const uint32_t abi = tether_abi_version();
    std::printf("tether %s (ABI %u.%u)\n", tether_version(), TETHER_ABI_MAJOR_OF(abi), TETHER_ABI_MINOR_OF(abi));
    return exit_ok;
}

// The manifest (with the extensions it names) alone, or with settings when --set gives some (secrets then come
// from the environment): a secret in the environment alone does not turn the check of a manifest into a check of
// incomplete settings.
int run_validate(const invocation& in) {
    if (!in.options.positional.empty()) return no_arguments(in);
    auto described = manifest_settings_for(in.args);
    if (auto* code = std::get_if<int>(&described)) return *code;
    if (!in.args.settings.empty()) {
        boost::json::object given;
        for (const auto& [key, value] : in.args.settings) given[key] = value;
        const std::string settings = connection_settings_json(given, std::get<std::vector<setting_info>>(described));
        const tether::sdk::result result =
            tether::sdk::validate_manifest(in.args.manifest, in.args.extensions, settings);
        if (!result.ok()) {
            std::cerr << result.message() << '\n';
            return exit_code_for(static_cast<tether_status>(result.code()));
        }
    }
    std::printf("%s: ok\n", in.args.manifest.c_str());
    if (!in.args.extensions.empty())
        print_extensions(tether::sdk::validate_manifest(in.args.manifest, in.args.extensions).body());
    return exit_ok;
}

}  // namespace tether_cli
