// The `tether` commands as a table, the usage text made from it, and the dispatch: a command is looked up
// before anything is opened, so that an unknown one touches no file.
#include "cli/command_table.hpp"

#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output.hpp"

namespace tether_cli {

const std::vector<command>& commands() {
    static const std::vector<command> table = {
        {"help", "[COMMAND]", "this text, or a command's help (also: tether COMMAND --help)", {}, run_help},
        {"version", "", "library + ABI version", {}, run_version},
        {"validate",
         "",
         "validate the manifest (and the --set settings with secrets from the environment, when given)",
         {},
         run_validate},
        {"settings",
         "[--unset KEY]...",
         "show the connection's remembered settings (secrets from the environment as their last 6 characters);\n"
         "    --set remembers more, --unset KEY forgets one",
         {{"--unset", "KEY"}},
         run_settings},
        {"connections", "", "the connections in the store with their state (needs --manifest)", {}, run_connections},
        {"authorize-url", "", "print the authorize URL; the pending state is stored", {}, run_authorize_url},
        {"authorize",
         "--callback URL|- | --code CODE|- --state STATE | --listen PORT [--timeout S]",
         "complete the authorization: with the full redirect URL, with code and state (`-` reads the value from\n"
         "    standard input, keeping it out of ps), or by printing the URL and waiting on 127.0.0.1:PORT for the\n"
         "    redirect to the path of the redirect_uri setting (other requests get 404); the whole wait ends after\n"
         "    S seconds (default 600): exit 4",
         {{"--callback", "URL|-"},
          {"--code", "CODE|-"},
          {"--state", "STATE"},
          {"--listen", "PORT"},
          {"--timeout", "S"}},
         run_authorize},
        {"connect-token", "", "store TETHER_ACCESS_TOKEN for an api_token connection", {}, run_connect_token},
        {"connect-client",
         "",
         "connect a client credentials connection (the app's own token; the secret from TETHER_CLIENT_SECRET)",
         {},
         run_connect_client},
        {"call",
         "OPERATION [--param K=V]... [--body JSON|@FILE] [--all-pages] [--max-items N]",
         "call an operation of the manifest",
         {{"--param", "K=V"}, {"--body", "JSON|@FILE"}, {"--all-pages", ""}, {"--max-items", "N"}},
         run_call},
        {"refresh", "[--force]", "refresh the tokens when due (--force: now)", {{"--force", ""}}, run_refresh},
        {"health",
         "[--probe] [--format json|prometheus]",
         "the connection's health document",
         {{"--probe", ""}, {"--format", "json|prometheus"}},
         run_health},
        {"revoke",
         "[--all]",
         "revoke the grant (--all: every token of the app for the user)",
         {{"--all", ""}},
         run_revoke},
        {"doctor",
         "[--operation OP [--param K=V]...] [--result FILE]",
         "the troubleshooting guide against the connection: stored state, clocks, the token (one probe; after a\n"
         "    401 one refresh and the probe again), OP sent once, FILE (a failed result the platform recorded)\n"
         "    compared; prints the verdict, the evidence and the first action; exit 0 healthy, 1 otherwise",
         {{"--operation", "OP"}, {"--param", "K=V"}, {"--result", "FILE"}},
         run_doctor},
        {"webhook",
         "verify [--webhook-id ID] [--header 'Name: value']... --body JSON|@FILE | serve --port N",
         "verify: check one inbound webhook request (the challenge answered, or the callback's signature) and\n"
         "    print {\"status\",\"kind\",\"response\",\"event\"}: exit 0 accepted, 5 bad or missing signature, 6 not "
         "a\n"
         "    webhook payload, 2 no secret known; serve: answer webhooks on 127.0.0.1:N (0: any free port) and\n"
         "    print each accepted event as a JSON line. The secret: captured in the store when the webhook was\n"
         "    created through tether, or TETHER_WEBHOOK_SECRET",
         {{"--webhook-id", "ID"}, {"--header", "Name: value"}, {"--body", "JSON|@FILE"}, {"--port", "N"}},
         run_webhook},
    };
    return table;
}

namespace {

const command* find_command(std::string_view name) {
    const auto& table = commands();
    const auto it = std::find_if(table.begin(), table.end(), [&](const command& c) { return c.name == name; });
    return it == table.end() ? nullptr : &*it;
}

std::string command_names() {
    std::string out;
    for (const auto& c : commands()) out += (out.empty() ? "" : ", ") + std::string(c.name);
    return out;
}

}  // namespace

std::string usage_text() {
    std::string out =
        "usage: tether [global options] <command> [command options]   (global options may also follow "
        "the command)\nglobal options:\n";
    for (const auto& o : global_options) {
        std::string head = "  " + std::string(o.name) + " " + o.value_form;
        head.resize(std::max<std::size_t>(head.size() + 1, 25), ' ');
        out += head + o.meaning + "\n";
    }
    out +=
        "  secrets come from the environment only, as TETHER_<SETTING> (TETHER_CLIENT_SECRET for client_secret);\n"
        "  TETHER_ACCESS_TOKEN for connect-token; TETHER_RECORD_KEY (base64 of 32 bytes) seals the store's\n"
        "  records, TETHER_RECORD_KEY_PREVIOUS (comma-separated) opens records sealed with older keys\ncommands:\n";
    for (const auto& c : commands()) {
        out += "  " + std::string(c.name) + (c.synopsis.empty() ? "" : " " + std::string(c.synopsis)) + "\n";
        out += "    " + std::string(c.summary) + "\n";
    }
    out +=
        "the CLI turns core dumps off for itself (core size limit 0, not dumpable): its memory holds secrets\n"
        "exit codes: 0 ok, 1 internal (doctor: not healthy), 2 usage/config/manifest error, 3 reconnect required,\n"
        "  4 transient, 5 forbidden, 6 bad request, 7 not found, 8 storage or host error\n";
    return out;
}

std::string command_help(const command& c) {
    return "usage: tether [global options] " + std::string(c.name) +
           (c.synopsis.empty() ? "" : " " + std::string(c.synopsis)) + "\n    " + std::string(c.summary) +
           "\n(global options: tether --help)\n";
}

int run_help(const invocation& in) {
    if (in.options.positional.size() > 1) return usage_error("help takes at most one COMMAND", "help");
    if (in.options.positional.empty()) {
        std::cout << usage_text();
        return exit_ok;
    }
    const command* c = find_command(in.options.positional[0]);
    if (c == nullptr)
        return usage_error("unknown command '" + in.options.positional[0] + "' (commands: " + command_names() + ")");
    std::cout << command_help(*c);
    return exit_ok;
}

int run_command(const arguments& args) {
    if (args.command.empty()) {
        if (args.help) {
            std::cout << usage_text();
            return exit_ok;
        }
        return usage_error("no command given (commands: " + command_names() + ")");
    }
    const command* c = find_command(args.command);
    if (c == nullptr) return usage_error("unknown command '" + args.command + "' (commands: " + command_names() + ")");
    if (args.help) {
        std::cout << command_help(*c);
        return exit_ok;
    }
    std::string error;
    const auto options = parse_command_options(c->name, args.rest, c->options, error);
    if (!options) return usage_error(error, c->name);
    return c->run(invocation{args, *options});
}

}  // namespace tether_cli
