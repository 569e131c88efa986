// The connector's aggregated health: the open connections are pinned under the registry lock, then each one's
// document is built without it and merged into one JSON document or one Prometheus exposition.
#include "plugin/connector/connector_health.hpp"

#include <boost/json.hpp>
#include <map>
#include <string>
#include <vector>

#include "plugin/connector/connection.hpp"
#include "plugin/health/health_document.hpp"

namespace tether {

namespace {

// Takes the pin by value: the connection may be closed as soon as its own document is built.
outcome health_of(connection_registry::pin c, bool probe, bool prometheus) {
    return c->health(probe, prometheus);
}

}  // namespace

outcome connector_health(const connector& owner, bool probe, bool prometheus) {
    auto pinned = owner.pin_open_connections();
    boost::json::array documents;
    std::vector<std::string> texts;
    std::map<std::string, int> by_state;
    for (auto& c : pinned) {
        const outcome one = health_of(std::move(c), probe, prometheus);
        if (prometheus) {
            texts.push_back(one.body);
            continue;
        }
        auto doc = boost::json::parse(one.body);
        ++by_state[std::string(doc.at("state").as_string())];
        documents.emplace_back(std::move(doc));
    }
    outcome o;
    o.reason = "health";
    if (prometheus) {
        o.body = health::merge_prometheus(texts);
        return o;
    }
    boost::json::object summary;
    for (const char* state : {"healthy", "degraded", "reconnect_required", "unknown"}) summary[state] = by_state[state];
    boost::json::object doc;
    doc["connector"] = owner.manifest().connector.name;
    doc["connections"] = static_cast<std::int64_t>(documents.size());
    doc["summary"] = std::move(summary);
    doc["per_connection"] = std::move(documents);
    o.body = boost::json::serialize(doc);
    return o;
}

}  // namespace tether
