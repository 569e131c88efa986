// What doctor runs with: the connection's settings, token keeper and shared health evidence, the connector's services. All
// references outlive the run.
#pragma once

#include <string>

#include "plugin/auth/token_keeper.hpp"
#include "plugin/call/circuit_breaker.hpp"
#include "plugin/health/shared_health.hpp"
#include "plugin/host/host_services.hpp"
#include "plugin/http/clock_skew.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"

namespace tether::doctor {

struct doctor_context {
    const std::string& connection_id;
    const manifest::connector_manifest& manifest;
    const manifest::resolved_settings& settings;
    host_services& host;
    http::client& http;
    const http::clock_skew& skew;
    auth::token_keeper& keeper;
    const call::circuit_breaker& breaker;
    health::shared_health& fleet_health;  // every process's evidence of this connection
};

}  // namespace tether::doctor
