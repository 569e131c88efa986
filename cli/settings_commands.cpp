// Commands about what the store holds: a connection's remembered settings, and the connections with their state.
#include <unistd.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/connection_session.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output.hpp"
#include "cli/remembered_settings.hpp"
#include "tether/redact.hpp"

namespace tether_cli {

namespace {

std::optional<std::string> unknown_setting(const arguments& args, const std::vector<setting_info>& settings) {
    for (const auto& [key, value] : args.settings)
        if (std::none_of(settings.begin(), settings.end(), [&](const setting_info& s) { return s.name == key; })) {
            std::string names;
            for (const auto& s : settings)
                if (!s.secret) names += (names.empty() ? "" : ", ") + s.name;
            return "unknown setting '" + key + "' (settings of this manifest: " + names + ")";
        }
    return std::nullopt;
}

// "3 d", "5 h", "12 min", "40 s": the largest unit that still reads as a whole number of at least 2.
std::string duration_text(std::int64_t seconds) {
    if (seconds >= 2 * 86400) return std::to_string(seconds / 86400) + " d";
    if (seconds >= 2 * 3600) return std::to_string(seconds / 3600) + " h";
    if (seconds >= 2 * 60) return std::to_string(seconds / 60) + " min";
    return std::to_string(seconds) + " s";
}

// One line of `tether connections` for a person: id, state, and why or for how long.
std::string connection_line(const boost::json::object& c) {
    std::string line = std::string(c.at("connection_id").as_string());
    line.resize(std::max<std::size_t>(line.size() + 2, 20), ' ');
    line += std::string(c.at("state").as_string());
    if (const auto* why = c.if_contains("reason")) line += " (" + std::string(why->as_string()) + ")";
    if (const auto* left = c.if_contains("expires_in_s"))
        line += ", token expires in " + duration_text(left->as_int64());
    if (const auto* detail = c.if_contains("detail")) line += " \u2014 " + std::string(detail->as_string());
    if (const auto* advice = c.if_contains("what_to_do")) line += ": " + std::string(advice->as_string());
    return line;
}

// The state of one connection from its health document, without calling the provider.
boost::json::object connection_state(tether::sdk::connector& connector, const std::string& id,
                                     const boost::json::object& remembered, const std::vector<setting_info>& settings) {
    boost::json::object out{{"connection_id", id}};
    auto connection = connector.connect(id, connection_settings_json(remembered, settings));
    if (!connection) {
        out["state"] = "unusable";
        out["reason"] = std::string(connection.error().reason());
        out["detail"] = std::string(connection.error().message());
        out["what_to_do"] = advice_for(connection.error().code(), connection.error().reason(), "", "");
        return out;
    }
    const auto health = connection->health(0);
    if (!health.ok()) {
        out["state"] = "unknown";
        out["reason"] = std::string(health.reason());
        return out;
    }
    const auto doc = boost::json::parse(health.body()).as_object();
    out["state"] = doc.at("state");
    if (const auto* reconnect = doc.if_contains("reconnect"); reconnect && reconnect->is_object()) {
        const auto& r = reconnect->as_object();
        if (const auto* reason = r.if_contains("reason")) out["reason"] = *reason;
        if (const auto* since = r.if_contains("since")) out["since"] = *since;
        out["what_to_do"] = advice_for(tether::sdk::status::reconnect_required,
                                       r.if_contains("reason") ? std::string_view(r.at("reason").as_string()) : "", "",
                                       "", r.if_contains("since") ? std::string_view(r.at("since").as_string()) : "");
    }
    if (const auto* token = doc.if_contains("token"); token && token->is_object() && !out.contains("reason"))
        if (const auto* left = token->as_object().if_contains("remaining_s"); left && left->is_int64())
            out["expires_in_s"] = left->as_int64();
    return out;
}

}  // namespace

int run_settings(const invocation& in) {
    const auto& args = in.args;
    if (!in.options.positional.empty()) return usage_error("settings takes no positional arguments", "settings");
    std::vector<setting_info> described;
    if (!args.manifest.empty()) {
        auto checked = manifest_settings_for(args);
        if (auto* code = std::get_if<int>(&checked)) return *code;
        described = std::move(std::get<std::vector<setting_info>>(checked));
        if (auto unknown = unknown_setting(args, described)) return usage_error(*unknown, "settings");
    } else if (!args.settings.empty()) {
        return usage_error("settings --set needs --manifest PATH, to check that no setting given is secret",
                           "settings");
    }
    const bool changes = !args.settings.empty() || in.options.value("--unset") != nullptr;
    auto made = make_host(args, changes ? store_use::read_write : store_use::read_only);
    if (auto* failure = std::get_if<host_failure>(&made)) return report_host_failure(*failure, "settings");
    remembered_settings remembered(*std::get<cli_host>(made).storage);
    if (changes) {
        std::string error = remembered.note_connection(args.connection);
        if (error.empty())
            error = remembered.update(args.connection, [&](boost::json::object& kept) {
                for (const auto& [key, value] : args.settings) kept[key] = value;
                for (const auto& [option, key] : in.options.values)
                    if (option == "--unset") kept.erase(key);
            });
        if (!error.empty()) {
            std::cerr << "tether: " << error << '\n';
            return exit_storage;
        }
    }
    auto loaded = remembered.load(args.connection);
    if (auto* error = std::get_if<std::string>(&loaded)) {
        std::cerr << "tether: " << *error << '\n';
        return exit_storage;
    }
    boost::json::object shown = std::get<boost::json::object>(loaded);
    for (const auto& [name, value] : secrets_from_environment(described))
        shown[name] = tether::sdk::redact(value) + " (from " + secret_variable(name) + ")";
    print_json(boost::json::serialize(boost::json::object{{"connection_id", args.connection}, {"settings", shown}}),
               json_layout::indented_on_terminal);
    return exit_ok;
}

int run_connections(const invocation& in) {
    if (!in.options.positional.empty()) return usage_error("connections takes no arguments", "connections");
    auto described = manifest_settings_for(in.args);
    if (auto* code = std::get_if<int>(&described)) return *code;
    const auto& settings = std::get<std::vector<setting_info>>(described);
    auto made = make_host(in.args, store_use::read_only);
    if (auto* failure = std::get_if<host_failure>(&made)) return report_host_failure(*failure, "connections");
    auto& host = std::get<cli_host>(made);
    remembered_settings remembered(*host.storage);
    auto ids = remembered.connections();
    if (auto* error = std::get_if<std::string>(&ids)) {
        std::cerr << "tether: " << *error << '\n';
        return exit_storage;
    }
    auto connector = tether::sdk::connector::open_file(in.args.manifest, host.services, host.record_keys,
                                                       in.args.extensions);
    if (!connector) return report(connector.error());
    boost::json::array listed;
    for (const auto& id : std::get<std::vector<std::string>>(ids)) {
        auto kept = remembered.load(id);
        const boost::json::object none;
        const auto* values = std::get_if<boost::json::object>(&kept);
        listed.push_back(connection_state(*connector, id, values != nullptr ? *values : none, settings));
    }
    if (::isatty(STDOUT_FILENO) == 1) {
        if (listed.empty()) std::cout << "no connections in this store yet (run `tether authorize-url`)\n";
        for (const auto& c : listed) std::cout << connection_line(c.as_object()) << '\n';
    } else {
        std::cout << boost::json::serialize(boost::json::object{{"connections", listed}}) << std::endl;
    }
    return exit_ok;
}

}  // namespace tether_cli
