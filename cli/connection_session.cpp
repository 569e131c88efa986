// Opening a connection for a command, with the settings remembered from earlier commands.
#include "cli/connection_session.hpp"

#include <iostream>

#include "cli/exit_codes.hpp"
#include "cli/output.hpp"
#include "cli/remembered_settings.hpp"

namespace tether_cli {

int report_from(tether::sdk::connection& connection, const tether::sdk::result& r, json_layout layout) {
    std::string since;
    if (r.code() == tether::sdk::status::reconnect_required) {
        const auto health = connection.health(0);
        boost::system::error_code ec;
        const auto doc = boost::json::parse(health.body(), ec);
        const auto* verdict = !ec && doc.is_object() ? doc.as_object().if_contains("reconnect") : nullptr;
        if (verdict != nullptr && verdict->is_object()) {
            const auto& v = verdict->as_object();
            const auto* reason = v.if_contains("reason");
            const auto* when = v.if_contains("since");
            if (reason && when && reason->is_string() && when->is_string() && reason->as_string() == r.reason())
                since = std::string(when->as_string());
        }
    }
    return report(r, layout, since);
}

std::variant<std::vector<setting_info>, int> manifest_settings_for(const arguments& args) {
    if (args.manifest.empty()) return usage_error("--manifest PATH is required for " + args.command, args.command);
    auto described = describe_settings(args.manifest, args.extensions);
    if (auto* failure = std::get_if<tether::sdk::result>(&described)) {
        std::cerr << failure->message() << '\n';
        return report(*failure);
    }
    auto settings = std::move(std::get<std::vector<setting_info>>(described));
    if (auto refused = refuse_secrets(args.settings, settings)) return usage_error(*refused, args.command);
    return settings;
}

std::variant<std::unique_ptr<connection_session>, int> open_session(const arguments& args) {
    auto described = manifest_settings_for(args);
    if (auto* code = std::get_if<int>(&described)) return *code;
    auto session = std::make_unique<connection_session>();
    session->settings = std::move(std::get<std::vector<setting_info>>(described));

    auto made = make_host(args, store_use::read_write);
    if (auto* failure = std::get_if<host_failure>(&made)) return report_host_failure(*failure, args.command);
    session->host = std::move(std::get<cli_host>(made));

    remembered_settings remembered(*session->host.storage);
    auto loaded = remembered.load(args.connection);
    if (auto* error = std::get_if<std::string>(&loaded)) {
        std::cerr << "tether: " << *error << '\n';
        return static_cast<int>(exit_storage);
    }
    auto values = std::move(std::get<boost::json::object>(loaded));
    for (const auto& [key, value] : args.settings) values[key] = value;

    auto connector = tether::sdk::connector::open_file(args.manifest, session->host.services,
                                                             session->host.record_keys, args.extensions);
    if (!connector) {
        std::cerr << connector.error().message() << '\n';
        return report(connector.error());
    }
    session->connector.emplace(std::move(*connector));
    auto connection = session->connector->connect(args.connection, connection_settings_json(values, session->settings));
    if (!connection) return report(connection.error());
    session->connection.emplace(std::move(*connection));

    // Remembered only once tether accepted them, so that a mistyped --set is not kept.
    std::string error = remembered.note_connection(args.connection);
    if (error.empty() && !args.settings.empty())
        error = remembered.update(args.connection, [&](boost::json::object& kept) {
            for (const auto& [key, value] : args.settings) kept[key] = value;
        });
    if (!error.empty()) {
        std::cerr << "tether: " << error << '\n';
        return static_cast<int>(exit_storage);
    }
    return session;
}

}  // namespace tether_cli
