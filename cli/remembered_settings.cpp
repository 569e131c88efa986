// The CLI's entries in the host's store: JSON documents under keys of their own, updated by compare-and-swap
// so that concurrent `tether` processes never lose each other's changes.
#include "cli/remembered_settings.hpp"

namespace tether_cli {

const char* const connections_key = "tether-cli/connections";

std::string settings_key(const std::string& connection_id) {
    return "tether-cli/settings/" + connection_id;
}

namespace {

constexpr int max_conflicts = 8;

std::string unreadable(const std::string& key) {
    return "the store's entry '" + key + "' is not readable JSON: delete it from the store (sqlite3 PATH \"DELETE " +
           "FROM tether_records WHERE connection_id = '" + key + "'\") or use another --store";
}

}  // namespace

std::variant<boost::json::object, std::string> remembered_settings::read(const std::string& key,
                                                                         std::uint64_t& version) {
    std::string data;
    version = 0;
    if (storage_.load(key, data, version) != TETHER_OK) return "cannot read '" + key + "' from the store";
    if (version == 0) return boost::json::object{{"schema", 1}};
    boost::system::error_code ec;
    auto parsed = boost::json::parse(data, ec);
    if (ec || !parsed.is_object()) return unreadable(key);
    return std::move(parsed.as_object());
}

std::string remembered_settings::modify(const std::string& key,
                                        const std::function<void(boost::json::object&)>& change) {
    for (int attempt = 0; attempt < max_conflicts; ++attempt) {
        std::uint64_t version = 0;
        auto doc = read(key, version);
        if (auto* error = std::get_if<std::string>(&doc)) return *error;
        auto& object = std::get<boost::json::object>(doc);
        const boost::json::object before = object;
        change(object);
        if (object == before && version != 0) return "";
        const tether_status stored = storage_.store(key, version, boost::json::serialize(object));
        if (stored == TETHER_OK) return "";
        if (stored != TETHER_CONFLICT) return "cannot write '" + key + "' to the store";
    }
    return "'" + key + "' kept changing under concurrent updates; try again";
}

std::variant<boost::json::object, std::string> remembered_settings::load(const std::string& connection_id) {
    std::uint64_t version = 0;
    auto doc = read(settings_key(connection_id), version);
    if (auto* error = std::get_if<std::string>(&doc)) return *error;
    const auto* settings = std::get<boost::json::object>(doc).if_contains("settings");
    if (settings == nullptr) return boost::json::object{};
    if (!settings->is_object()) return unreadable(settings_key(connection_id));
    return settings->as_object();
}

std::string remembered_settings::update(const std::string& connection_id,
                                        const std::function<void(boost::json::object&)>& change) {
    return modify(settings_key(connection_id), [&](boost::json::object& doc) {
        if (!doc.contains("settings") || !doc["settings"].is_object()) doc["settings"] = boost::json::object{};
        change(doc["settings"].as_object());
    });
}

std::variant<std::vector<std::string>, std::string> remembered_settings::connections() {
    std::uint64_t version = 0;
    auto doc = read(connections_key, version);
    if (auto* error = std::get_if<std::string>(&doc)) return *error;
    std::vector<std::string> out;
    if (const auto* list = std::get<boost::json::object>(doc).if_contains("connections"); list && list->is_array())
        for (const auto& id : list->as_array())
            if (id.is_string()) out.emplace_back(id.as_string());
    return out;
}

std::string remembered_settings::note_connection(const std::string& connection_id) {
    return modify(connections_key, [&](boost::json::object& doc) {
        if (!doc.contains("connections") || !doc["connections"].is_array()) doc["connections"] = boost::json::array{};
        auto& list = doc["connections"].as_array();
        for (const auto& id : list)
            if (id.is_string() && id.as_string() == connection_id) return;
        list.push_back(boost::json::string(connection_id));
    });
}

}  // namespace tether_cli
