// Commands that connect a connection: authorize-url, authorize (callback, code, listen), connect-token and
// connect-client.
#include <boost/json.hpp>
#include <chrono>
#include <cstdlib>
#include <iostream>

#include "cli/callback_listener.hpp"
#include "cli/commands.hpp"
#include "cli/connection_session.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output.hpp"

namespace tether_cli {

namespace {

// How long `authorize --listen` waits for the redirect in all, unless --timeout says otherwise.
constexpr std::int64_t default_listen_timeout_s = 600;
constexpr std::int64_t max_listen_timeout_s = 24 * 3600;

struct listen_plan {
    std::int64_t port = 0;
    std::int64_t timeout_s = default_listen_timeout_s;
};

// --listen PORT [--timeout S], read strictly before anything is opened.
std::optional<listen_plan> plan_listening(const command_options& o, std::string& error) {
    listen_plan plan;
    const auto port = parse_integer("--listen", *o.value("--listen"), 1, 65535, error);
    if (!port) return std::nullopt;
    plan.port = *port;
    if (const auto* t = o.value("--timeout")) {
        const auto timeout = parse_integer("--timeout", *t, 1, max_listen_timeout_s, error);
        if (!timeout) return std::nullopt;
        plan.timeout_s = *timeout;
    }
    return plan;
}

// authorize --listen: begins an authorization, then waits for its redirect until one deadline for the whole wait.
int authorize_by_listening(tether::sdk::connection& connection, const listen_plan& plan) {
    const auto port = plan.port;
    const auto timeout_s = plan.timeout_s;
    std::string error;
    const auto begun = connection.authorize_begin();
    if (!begun.ok()) return report(begun);
    const std::string url(boost::json::parse(begun.body()).at("authorize_url").as_string());
    const auto path = redirect_path_of(url);
    if (!path)
        return usage_error("authorize --listen needs the redirect_uri setting (--set redirect_uri=http://127.0.0.1:" +
                               std::to_string(port) + "/PATH)",
                           "authorize");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    const callback_wait wait{static_cast<int>(port), *path, deadline, [&url] {
                                 std::cerr << "Open this URL in a browser to authorize:\n  " << url << std::endl;
                             }};
    bool timed_out = false;
    const auto callback = wait_for_callback(wait, error, timed_out);
    if (!callback && timed_out) {
        // The same one JSON object as every other outcome of authorize, for scripts.
        std::cout << boost::json::serialize(boost::json::object{
                         {"status", "transient"}, {"reason", "callback_timeout"}, {"message", error}})
                  << std::endl;
        std::cerr << "tether: " << error << " (" << timeout_s << " s, --timeout); nothing was authorized\n"
                  << "  what to do: run `tether authorize --listen " << port << "` again and open its URL\n";
        return exit_transient;
    }
    if (!callback) return usage_error(error, "authorize");
    return report(connection.authorize_complete_url(*callback));
}

}  // namespace

int run_authorize_url(const invocation& in) {
    if (!in.options.positional.empty()) return usage_error("authorize-url takes no arguments", "authorize-url");
    auto opened = open_session(in.args);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    auto& session = *std::get<std::unique_ptr<connection_session>>(opened);
    const int rc = report(session.connection->authorize_begin());
    if (rc == exit_ok)
        std::cerr << "Open the authorize_url in a browser; then run `tether authorize --callback URL` with the URL "
                     "it redirects to (or `--callback -` to paste it on standard input).\n";
    return rc;
}

int run_authorize(const invocation& in) {
    const auto& o = in.options;
    if (!o.positional.empty()) return usage_error("authorize takes no positional arguments", "authorize");
    if (o.value("--timeout") != nullptr && o.value("--listen") == nullptr)
        return usage_error("--timeout goes with --listen", "authorize");
    const auto* callback = o.value("--callback");
    const auto* code = o.value("--code");
    const auto* state = o.value("--state");
    if (callback == nullptr && o.value("--listen") == nullptr && (code == nullptr || state == nullptr))
        return usage_error("authorize needs --callback URL, --code CODE --state STATE, or --listen PORT", "authorize");
    std::string error;
    std::optional<std::string> value;
    if (callback != nullptr && !(value = value_or_stdin("--callback", *callback, error)))
        return usage_error(error, "authorize");
    if (callback == nullptr && code != nullptr && !(value = value_or_stdin("--code", *code, error)))
        return usage_error(error, "authorize");
    std::optional<listen_plan> listening;
    if (callback == nullptr && o.value("--listen") != nullptr && !(listening = plan_listening(o, error)))
        return usage_error(error, "authorize");

    auto opened = open_session(in.args);
    if (auto* exit = std::get_if<int>(&opened)) return *exit;
    auto& connection = *std::get<std::unique_ptr<connection_session>>(opened)->connection;
    if (callback != nullptr) return report(connection.authorize_complete_url(*value));
    if (listening) return authorize_by_listening(connection, *listening);
    return report(connection.authorize_complete(*value, *state));
}

int run_connect_token(const invocation& in) {
    if (!in.options.positional.empty()) return usage_error("connect-token takes no arguments", "connect-token");
    const char* token = std::getenv("TETHER_ACCESS_TOKEN");
    if (token == nullptr || *token == '\0')
        return usage_error("connect-token reads the token from TETHER_ACCESS_TOKEN, which is not set", "connect-token");
    auto opened = open_session(in.args);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    return report(std::get<std::unique_ptr<connection_session>>(opened)->connection->authorize_with_token(token));
}

int run_connect_client(const invocation& in) {
    if (!in.options.positional.empty()) return usage_error("connect-client takes no arguments", "connect-client");
    auto opened = open_session(in.args);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    return report(std::get<std::unique_ptr<connection_session>>(opened)->connection->connect_client());
}

}  // namespace tether_cli
