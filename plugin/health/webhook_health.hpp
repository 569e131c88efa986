// The webhooks part of a connection's health: one entry per known webhook (its secret captured, or seen in
// a request), a finding when signature mismatches pile up, and the Prometheus series. Pure functions of the
// captured secrets and the counters' snapshot.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "plugin/health/diagnosis.hpp"
#include "plugin/health/webhook_counters.hpp"
#include "plugin/record/token_record.hpp"

namespace tether::health {

struct webhook_health_inputs {
    const std::map<std::int64_t, record::webhook_secret>& captured;
    std::vector<webhook_activity> activity;
};

// Signature mismatches in a row (since the last accepted callback) from which health reports a finding.
inline constexpr int webhook_mismatch_threshold = 3;

boost::json::array webhook_section(const webhook_health_inputs& in);

// "webhook_signature_mismatch" (warning) per webhook whose mismatch run reached the threshold.
std::vector<finding> webhook_findings(const webhook_health_inputs& in);

// The webhook series, labelled with `base_labels` (connector and connection) and the webhook id.
std::string webhook_prometheus(const webhook_health_inputs& in, const std::string& base_labels);

}  // namespace tether::health
