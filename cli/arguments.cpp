// Parses the `tether` command line: global options anywhere, the first other word is the command, and every
// other word belongs to the command.
#include "cli/arguments.hpp"

#include <algorithm>

namespace tether_cli {

const std::vector<global_option> global_options = {
    {"--manifest", "PATH", "connector manifest (required, except for version, settings and help)"},
    {"--store", "URI",
     "sqlite:PATH, postgresql://USER@HOST:PORT/DATABASE (or postgres://…; give the password in PGPASSWORD\n"
     "                         or ~/.pgpass) or memory: (default: sqlite:$XDG_DATA_HOME/tether/tether.db,\n"
     "                         or ~/.local/share/tether/tether.db)"},
    {"--connection", "ID", "connection id (default: default)"},
    {"--set", "KEY=VALUE",
     "a non-secret connection setting from the manifest (client_id, redirect_uri, region, scopes, base_url, ...);\n"
     "                         repeatable; remembered with the connection for later commands"},
    {"--log-level", "LEVEL", "off|error|warn|info|debug|trace (logs go to stderr, redacted)"},
    {"--extension", "PATH",
     "an extension library (code operations and hooks the manifest names; docs/extending.md); repeatable"},
};

namespace {

const global_option* find_global(const std::string& word) {
    const auto it = std::find_if(global_options.begin(), global_options.end(),
                                 [&](const global_option& o) { return word == o.name; });
    return it == global_options.end() ? nullptr : &*it;
}

bool take_global(arguments& args, const std::string& name, const std::string& value, std::string& error) {
    if (name == "--manifest") {
        args.manifest = value;
    } else if (name == "--store") {
        args.store = value;
    } else if (name == "--connection") {
        if (value.empty()) {
            error = "--connection needs a non-empty ID";
            return false;
        }
        args.connection = value;
    } else if (name == "--log-level") {
        args.log_level = value;
    } else if (name == "--extension") {
        if (value.empty()) {
            error = "--extension needs a non-empty PATH";
            return false;
        }
        args.extensions.push_back(value);
    } else {  // --set
        const auto eq = value.find('=');
        if (eq == std::string::npos || eq == 0) {
            error = "--set expects KEY=VALUE, got '" + value + "'";
            return false;
        }
        args.settings.emplace_back(value.substr(0, eq), value.substr(eq + 1));
    }
    return true;
}

}  // namespace

std::optional<arguments> parse_arguments(const std::vector<std::string>& argv, std::string& error) {
    arguments args;
    args.words = argv;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        const std::string& word = argv[i];
        if (const global_option* option = find_global(word)) {
            if (i + 1 >= argv.size()) {
                error = word + " needs a value: " + word + " " + option->value_form;
                return std::nullopt;
            }
            if (!take_global(args, word, argv[++i], error)) return std::nullopt;
        } else if (word == "--help" || word == "-h") {
            args.help = true;
        } else if (!args.command.empty()) {
            args.rest.push_back(word);
        } else if (word.size() > 1 && word[0] == '-') {
            error = "unknown option '" + word +
                    "' (global options: --manifest PATH, --store URI, --connection ID, "
                    "--set KEY=VALUE, --log-level LEVEL, --extension PATH; a command's own options come after it)";
            return std::nullopt;
        } else {
            args.command = word;
        }
    }
    return args;
}

}  // namespace tether_cli
