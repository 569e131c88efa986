// The CLI's own entries in the host's store, beside tether's records: each connection's remembered non-secret
// settings, and the list of connections the CLI has used. tether never reads these keys.
#pragma once

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "tether/tether.hpp"

namespace tether_cli {

// Keys: "tether-cli/settings/<connection id>" holds {"schema":1,"settings":{...}}, and "tether-cli/connections"
// holds {"schema":1,"connections":[ids in order of first use]}.
std::string settings_key(const std::string& connection_id);
extern const char* const connections_key;

class remembered_settings {
public:
    explicit remembered_settings(tether::sdk::storage& storage) : storage_(storage) {}

    // The connection's remembered settings ({} when none); an error message when the entry cannot be read.
    std::variant<boost::json::object, std::string> load(const std::string& connection_id);
    // Applies `change` to the remembered settings and stores them (compare-and-swap, retried on a conflict with
    // another process); stores nothing when they did not change. An error message on failure, else "".
    std::string update(const std::string& connection_id, const std::function<void(boost::json::object&)>& change);
    // The connections the CLI has used with this store, in order of first use.
    std::variant<std::vector<std::string>, std::string> connections();
    // Adds the connection to that list (nothing is stored when it is there already). "" or an error message.
    std::string note_connection(const std::string& connection_id);

private:
    std::variant<boost::json::object, std::string> read(const std::string& key, std::uint64_t& version);
    std::string modify(const std::string& key, const std::function<void(boost::json::object&)>& change);

    tether::sdk::storage& storage_;
};

}  // namespace tether_cli
