// The health document of a connection (JSON) and its Prometheus text exposition, built only when asked
// from the keeper's snapshot and the evidence of every process that serves the connection.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "plugin/auth/token_keeper.hpp"
#include "plugin/health/health_evidence.hpp"
#include "plugin/health/diagnosis.hpp"
#include "plugin/health/webhook_health.hpp"
#include "plugin/manifest/model.hpp"

namespace tether::health {

struct health_inputs {
    const manifest::connector_manifest& manifest;
    const std::string& connection_id;
    const auth::keeper_snapshot& snapshot;
    const health_evidence& evidence;           // every process's, when shared (plugin/health/shared_health)
    std::int64_t evidence_now_ms = 0;          // our wall clock: the evidence's minutes follow it
    std::int64_t now_ms = 0;                   // the provider's time
    bool circuit_open = false;
    std::optional<boost::json::object> probe;  // the live probe's report, when asked
    std::string sharing_problem;               // why the evidence is this process's only
    const webhook_health_inputs* webhooks = nullptr;  // the webhooks' section; none when null
};

health_facts facts_of(const health_inputs& in);

// healthy | degraded | reconnect_required | unknown
std::string state_of(const health_inputs& in, const std::vector<finding>& findings);

boost::json::object health_document(const health_inputs& in);

// Prometheus text exposition (version 0.0.4) of the same counters.
std::string prometheus_text(const health_inputs& in);

// Several expositions as one: each metric family's HELP/TYPE once, its samples together.
std::string merge_prometheus(const std::vector<std::string>& expositions);

}  // namespace tether::health
