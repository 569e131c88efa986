// What one call runs with: the connection's settings and token keeper, the connector's shared services
// (host, transport, clock skew, the API host's circuit breaker, extensions) and the call limits. All references outlive
// the call.
#pragma once

#include <string>

#include "plugin/http/clock_skew.hpp"
#include "plugin/auth/token_keeper.hpp"
#include "plugin/call/call_extensions.hpp"
#include "plugin/call/call_limits.hpp"
#include "plugin/call/circuit_breaker.hpp"
#include "plugin/host/host_services.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"

namespace tether::call {

struct call_context {
    const std::string& connection_id;
    const manifest::connector_manifest& manifest;
    const manifest::resolved_settings& settings;
    host_services& host;
    http::client& http;
    http::clock_skew& skew;
    auth::token_keeper& keeper;
    circuit_breaker& breaker;  // the one of this connection's API host, shared with its sibling connections
    call_limits limits{};
    // The connector's extensions, for operations that name code operations or hooks; null: none loaded.
    call_extensions* extensions = nullptr;
};

}  // namespace tether::call
