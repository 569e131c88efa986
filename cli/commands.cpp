// The `tether` commands, over the public C ABI through tether.hpp only.
#include "cli/commands.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <optional>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/callback_listener.hpp"
#include "cli/exit_codes.hpp"
#include "cli/host_setup.hpp"
#include "tether/tether.hpp"

namespace tether_cli {

const char* const usage_text = R"(usage: tether [global options] <command> [command options]
global options:
  --manifest PATH        connector manifest (required, except for `version`)
  --store URI            sqlite:PATH (default: sqlite:./tether.db) or memory:
  --connection ID        connection id (default: default)
  --set KEY=VALUE        a connection setting from the manifest (client_id, redirect_uri, region, scopes,
                         base_url, authorize_url, ...); repeatable
  --log-level LEVEL      error|warn|info|debug|trace (logs go to stderr, redacted)
  secrets come from the environment only: TETHER_CLIENT_SECRET, TETHER_ACCESS_TOKEN (api_token connections)
commands:
  version                                   library + ABI version
  validate                                  validate the manifest (and settings, when given)
  authorize-url                             print the authorize URL; the pending state is stored
  authorize --callback URL                  complete with the full redirect URL (code + state)
  authorize --code CODE --state STATE       complete with code and state
  authorize --listen PORT [--timeout S]     print the URL, wait on 127.0.0.1:PORT for the redirect to the path of
                                            the redirect_uri setting (other requests get 404), complete; the whole
                                            wait ends after S seconds (default 600): exit 4
  connect-token                             store TETHER_ACCESS_TOKEN for an api_token connection
  connect-client                            a client credentials connection (the app's own token; the secret
                                            from TETHER_CLIENT_SECRET)
  call OPERATION [--param K=V]... [--body JSON|@FILE] [--all-pages] [--max-items N]
  refresh [--force]
  health [--probe] [--format json|prometheus]
  revoke [--all]                            revoke the grant (--all: every token of the app for the user)
the CLI turns core dumps off for itself (core size limit 0, not dumpable): its memory holds secrets
exit codes: 0 ok, 1 internal, 2 usage/config/manifest error, 3 reconnect required, 4 transient,
  5 forbidden, 6 bad request, 7 not found, 8 storage or host error
)";

namespace {

// How long `authorize --listen` waits for the redirect in all, unless --timeout says otherwise.
constexpr int default_listen_timeout_s = 600;

int usage_error(const std::string& message) {
    std::cerr << "tether: " << message << "\n(try tether --help)\n";
    return exit_usage;
}

// The settings object: --set pairs as text (tether reads typed settings from text), plus the client secret
// from the environment. Secrets never come from the command line, where other users can see them.
std::string settings_json(const arguments& args) {
    boost::json::object settings;
    for (const auto& [key, value] : args.settings) settings[key] = value;
    if (const char* secret = std::getenv("TETHER_CLIENT_SECRET"); secret != nullptr && *secret != '\0')
        settings["client_secret"] = secret;
    return boost::json::serialize(settings);
}

// Prints a verb's result as one JSON object and maps its status to the exit code.
int report(const tether::sdk::result& r) {
    std::cout << r.json() << std::endl;
    return exit_code_for(static_cast<tether_status>(r.code()));
}

// Options of a command: --flag, --name value.
struct command_options {
    std::vector<std::string> positional;
    std::vector<std::pair<std::string, std::string>> values;
    std::vector<std::string> flags;

    const std::string* value(const std::string& name) const {
        for (const auto& [n, v] : values)
            if (n == name) return &v;
        return nullptr;
    }
    bool flag(const std::string& name) const {
        return std::find(flags.begin(), flags.end(), name) != flags.end();
    }
};

std::optional<command_options> parse_options(const std::vector<std::string>& rest,
                                             const std::vector<std::string>& valued,
                                             const std::vector<std::string>& boolean, std::string& error) {
    command_options out;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        const std::string& a = rest[i];
        if (std::find(valued.begin(), valued.end(), a) != valued.end()) {
            if (i + 1 >= rest.size()) {
                error = a + " needs a value";
                return std::nullopt;
            }
            out.values.emplace_back(a, rest[++i]);
        } else if (std::find(boolean.begin(), boolean.end(), a) != boolean.end()) {
            out.flags.push_back(a);
        } else if (!a.empty() && a[0] == '-') {
            error = "unknown option '" + a + "'";
            return std::nullopt;
        } else {
            out.positional.push_back(a);
        }
    }
    return out;
}

int run_version() {
    const uint32_t abi = tether_abi_version();
    std::printf("tether %s (ABI %u.%u)\n", tether_version(), TETHER_ABI_MAJOR_OF(abi), TETHER_ABI_MINOR_OF(abi));
    return exit_ok;
}

int run_validate(const arguments& args) {
    const bool with_settings = !args.settings.empty() || std::getenv("TETHER_CLIENT_SECRET") != nullptr;
    const std::string settings = settings_json(args);
    tether_result* raw = nullptr;
    tether_manifest_validate(args.manifest.c_str(), nullptr, with_settings ? settings.c_str() : nullptr, &raw);
    tether::sdk::result result(raw);
    if (result.ok()) {
        std::printf("%s: ok\n", args.manifest.c_str());
        return exit_ok;
    }
    std::cerr << result.message() << '\n';
    return exit_code_for(static_cast<tether_status>(result.code()));
}

// authorize --listen: begins an authorization, then waits for its redirect until one deadline for the whole wait.
int authorize_by_listening(tether::sdk::connection& connection, const command_options& o) {
    const int port = std::atoi(o.value("--listen")->c_str());
    if (port <= 0 || port > 65535)
        return usage_error("--listen needs a port number, got '" + *o.value("--listen") + "'");
    int timeout_s = default_listen_timeout_s;
    if (const auto* t = o.value("--timeout")) {
        timeout_s = std::atoi(t->c_str());
        if (timeout_s <= 0) return usage_error("--timeout needs a number of seconds, got '" + *t + "'");
    }
    const auto begun = connection.authorize_begin();
    if (!begun.ok()) return report(begun);
    const std::string url(boost::json::parse(begun.body()).at("authorize_url").as_string());
    const auto path = redirect_path_of(url);
    if (!path)
        return usage_error("authorize --listen needs the redirect_uri setting (--set redirect_uri=http://127.0.0.1:" +
                           std::to_string(port) + "/PATH)");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    const callback_wait wait{port, *path, deadline, [&url] {
                                 std::cerr << "Open this URL in a browser to authorize:\n  " << url << std::endl;
                             }};
    std::string error;
    bool timed_out = false;
    const auto callback = wait_for_callback(wait, error, timed_out);
    if (!callback && timed_out) {
        std::cerr << "tether: " << error << " (" << timeout_s << " s, --timeout); nothing was authorized\n";
        return exit_transient;
    }
    if (!callback) return usage_error(error);
    return report(connection.authorize_complete_url(*callback));
}

// A request body from --body: the text itself, or @FILE. A file is read only up to the limit, so that a huge
// file (or /dev/zero) is refused instead of filling memory.
constexpr std::size_t max_body_file_bytes = std::size_t{16} * 1024 * 1024;

std::optional<std::string> read_body(const std::string& spec, std::string& error) {
    if (spec.empty() || spec[0] != '@') return spec;
    const std::string path = spec.substr(1);
    std::ifstream in(path, std::ios::binary);
    std::string text;
    char chunk[64 * 1024];
    while (in && text.size() <= max_body_file_bytes && in.read(chunk, sizeof chunk).gcount() > 0)
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (in.bad() || (!in && !in.eof())) {
        error = "cannot read the body file '" + path + "'";
        return std::nullopt;
    }
    if (text.size() > max_body_file_bytes) {
        error = "the body file '" + path + "' is larger than 16 MiB, the limit for --body @FILE";
        return std::nullopt;
    }
    return text;
}

int run_connection_command(const arguments& args) {
    auto made = make_host(args.store, args.log_level);
    if (auto* error = std::get_if<std::string>(&made)) return usage_error(*error);
    auto& host = std::get<cli_host>(made);
    auto connector = tether::sdk::connector::open_file(args.manifest, host.services);
    if (!connector) {
        std::cerr << connector.error().message() << '\n';
        return report(connector.error());
    }
    auto connection = connector->connect(args.connection, settings_json(args));
    if (!connection) return report(connection.error());

    std::string error;
    const std::string& command = args.command;
    if (command == "authorize-url") {
        if (!args.rest.empty()) return usage_error("authorize-url takes no options");
        return report(connection->authorize_begin());
    }
    if (command == "authorize") {
        auto o = parse_options(args.rest, {"--callback", "--code", "--state", "--listen", "--timeout"}, {}, error);
        if (!o) return usage_error(error);
        if (o->value("--timeout") != nullptr && o->value("--listen") == nullptr)
            return usage_error("--timeout goes with --listen");
        if (const auto* url = o->value("--callback")) return report(connection->authorize_complete_url(*url));
        if (o->value("--listen") != nullptr) return authorize_by_listening(*connection, *o);
        const auto* code = o->value("--code");
        const auto* state = o->value("--state");
        if (code == nullptr || state == nullptr)
            return usage_error("authorize needs --callback URL, --code CODE --state STATE, or --listen PORT");
        return report(connection->authorize_complete(*code, *state));
    }
    if (command == "connect-token") {
        const char* token = std::getenv("TETHER_ACCESS_TOKEN");
        if (token == nullptr || *token == '\0') return usage_error("connect-token reads the token from TETHER_ACCESS_TOKEN");
        return report(connection->authorize_with_token(token));
    }
    if (command == "connect-client") {
        if (!args.rest.empty()) return usage_error("connect-client takes no options");
        return report(connection->connect_client());
    }
    if (command == "call") {
        auto o = parse_options(args.rest, {"--param", "--body", "--max-items"}, {"--all-pages"}, error);
        if (!o) return usage_error(error);
        if (o->positional.size() != 1) return usage_error("call needs exactly one OPERATION");
        boost::json::object params;
        for (const auto& [name, value] : o->values) {
            if (name != "--param") continue;
            const auto eq = value.find('=');
            if (eq == std::string::npos || eq == 0) return usage_error("--param expects K=V, got '" + value + "'");
            params[value.substr(0, eq)] = value.substr(eq + 1);
        }
        std::optional<std::string> body;
        if (const auto* spec = o->value("--body")) {
            body = read_body(*spec, error);
            if (!body) return usage_error(error);
        }
        std::int64_t max_items = 0;
        if (const auto* n = o->value("--max-items")) max_items = std::atoll(n->c_str());
        const unsigned flags = o->flag("--all-pages") ? TETHER_CALL_ALL_PAGES : 0u;
        return report(connection->call(o->positional[0], boost::json::serialize(params), body, flags, max_items));
    }
    if (command == "refresh") {
        auto o = parse_options(args.rest, {}, {"--force"}, error);
        if (!o || !o->positional.empty()) return usage_error(o ? "refresh takes no arguments" : error);
        return report(connection->refresh(o->flag("--force")));
    }
    if (command == "health") {
        auto o = parse_options(args.rest, {"--format"}, {"--probe"}, error);
        if (!o || !o->positional.empty()) return usage_error(o ? "health takes no arguments" : error);
        unsigned flags = o->flag("--probe") ? TETHER_HEALTH_PROBE : 0u;
        if (const auto* format = o->value("--format")) {
            if (*format == "prometheus")
                flags |= TETHER_HEALTH_PROMETHEUS;
            else if (*format != "json")
                return usage_error("--format must be json or prometheus");
        }
        const auto r = connection->health(flags);
        if (r.ok()) {
            std::cout << r.body() << std::endl;
            return exit_ok;
        }
        return report(r);
    }
    if (command == "revoke") {
        const bool all = args.rest.size() == 1 && args.rest[0] == "--all";
        if (!args.rest.empty() && !all) return usage_error("revoke takes only --all");
        return report(connection->revoke(all ? TETHER_REVOKE_ALL_FOR_CLIENT : 0u));
    }
    return usage_error("unknown command '" + command + "'");
}

}  // namespace

int run_command(const arguments& args) {
    if (args.command == "help") {
        std::cout << usage_text;
        return exit_ok;
    }
    if (args.command == "version") return run_version();
    if (args.manifest.empty()) return usage_error("--manifest is required for '" + args.command + "'");
    if (args.command == "validate") return run_validate(args);
    return run_connection_command(args);
}

}  // namespace tether_cli
