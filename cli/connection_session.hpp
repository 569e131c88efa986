// A connection ready for a command: the store opened, the manifest loaded, the settings resolved (remembered,
// updated by --set, secrets from the environment) and the connection opened.
#pragma once

#include <memory>
#include <optional>
#include <variant>
#include <vector>

#include "cli/arguments.hpp"
#include "cli/host_setup.hpp"
#include "cli/manifest_settings.hpp"
#include "cli/output.hpp"
#include "tether/tether.hpp"

namespace tether_cli {

// Members are destroyed in reverse order: the connection before its connector, both before the store.
struct connection_session {
    cli_host host;
    std::vector<setting_info> settings;
    std::optional<tether::sdk::connector> connector;
    std::optional<tether::sdk::connection> connection;
};

// Opens the session for `args.connection`, remembering the --set settings once the connection accepted them.
// On failure the problem has been printed and the exit code is returned.
std::variant<std::unique_ptr<connection_session>, int> open_session(const arguments& args);

// report() for a result of `connection`: a reconnect-required failure also says when tether found out (from
// the connection's health document, when its verdict has the same reason).
int report_from(tether::sdk::connection& connection, const tether::sdk::result& r,
                json_layout layout = json_layout::compact);

// The manifest's settings for a command that needs --manifest, with --set refused for secret settings. On
// failure the problem has been printed and the exit code is returned.
std::variant<std::vector<setting_info>, int> manifest_settings_for(const arguments& args);

}  // namespace tether_cli
