// `tether webhook verify` and `tether webhook serve`: the connection's tether_webhook_receive at the shell,
// for one request or as a local endpoint on 127.0.0.1 (served by the helper program tether-webhook-serve). The
// secret comes from the store (captured when the webhook was created through tether) or from
// TETHER_WEBHOOK_SECRET; never from the command line.
#include <boost/json.hpp>
#include <cstdlib>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "cli/connection_session.hpp"
#include "cli/exit_codes.hpp"
#include "cli/helper_program.hpp"
#include "cli/output.hpp"
#include "cli/webhook_endpoint.hpp"

namespace tether_cli {

int (*serve_webhook_endpoint)(const webhook_endpoint& endpoint) = nullptr;

namespace {

constexpr const char* secret_variable = "TETHER_WEBHOOK_SECRET";

std::optional<std::string> secret_from_environment() {
    const char* value = std::getenv(secret_variable);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

// The result as one JSON object: {"status":…, the result's kind, webhook_id, response and event, and for a
// refusal its reason and message}.
std::string verdict_json(const tether::sdk::result& r) {
    boost::json::object out;
    out["status"] = tether::sdk::to_string(r.code());
    boost::system::error_code ec;
    const auto body = boost::json::parse(r.body(), ec);
    if (!ec && body.is_object())
        for (const auto& [key, value] : body.as_object()) out[key] = value;
    if (!r.ok()) {
        out["reason"] = r.reason();
        out["message"] = r.message();
    }
    return boost::json::serialize(out);
}

int run_verify(const invocation& in) {
    const auto& o = in.options;
    if (o.positional.size() != 1) return usage_error("webhook verify takes no further arguments", "webhook");
    if (o.value("--port") != nullptr) return usage_error("--port belongs to webhook serve", "webhook");
    tether::sdk::connection::webhook_request request;
    std::string error;
    if (const auto* id = o.value("--webhook-id")) {
        const auto parsed = parse_integer("--webhook-id", *id, 1, std::numeric_limits<std::int64_t>::max(), error);
        if (!parsed) return usage_error(error, "webhook");
        request.webhook_id = *parsed;
    }
    for (const auto& [name, value] : o.values) {
        if (name != "--header") continue;
        const auto colon = value.find(':');
        if (colon == std::string::npos || colon == 0)
            return usage_error("--header expects 'Name: value', got '" + value + "'", "webhook");
        std::string header_value = value.substr(colon + 1);
        header_value.erase(0, header_value.find_first_not_of(' '));
        request.headers.emplace_back(value.substr(0, colon), header_value);
    }
    const auto* spec = o.value("--body");
    if (spec == nullptr) return usage_error("webhook verify needs --body JSON|@FILE", "webhook");
    const auto body = read_body_option(*spec, error);
    if (!body) return usage_error(error, "webhook");
    request.body = *body;
    request.shared_secret = secret_from_environment();

    auto opened = open_session(in.args);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    const auto r = std::get<std::unique_ptr<connection_session>>(opened)->connection->receive_webhook(request);
    print_json(verdict_json(r), json_layout::compact);
    if (!r.ok()) std::cerr << "tether: " << r.message() << "\n";
    return exit_code_for(static_cast<tether_status>(r.code()));
}

int run_serve(const invocation& in) {
    const auto& o = in.options;
    if (o.positional.size() != 1) return usage_error("webhook serve takes no further arguments", "webhook");
    const auto* port_text = o.value("--port");
    if (port_text == nullptr) return usage_error("webhook serve needs --port N", "webhook");
    std::string error;
    const auto port = parse_integer("--port", *port_text, 0, 65535, error);
    if (!port) return usage_error(error, "webhook");
    if (serve_webhook_endpoint == nullptr) return exec_helper_program("tether-webhook-serve", in.args.words);

    auto opened = open_session(in.args);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    return serve_webhook_endpoint(webhook_endpoint{*std::get<std::unique_ptr<connection_session>>(opened)->connection,
                                                   secret_from_environment(), static_cast<int>(*port)});
}

}  // namespace

int run_webhook(const invocation& in) {
    const auto& o = in.options;
    if (o.positional.empty()) return usage_error("webhook needs verify or serve", "webhook");
    if (o.positional[0] == "verify") return run_verify(in);
    if (o.positional[0] == "serve") return run_serve(in);
    return usage_error("webhook needs verify or serve, got '" + o.positional[0] + "'", "webhook");
}

}  // namespace tether_cli
