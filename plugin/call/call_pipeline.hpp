// The `call` verb: bind the operation, make sure the token is fresh, send, and decide by the first failing
// response — refresh-then-retry once on 401, never retry a 403 or 400, back off on 429/5xx within a budget.
#pragma once

#include <string>

#include "plugin/auth/clock_skew.hpp"
#include "plugin/auth/token_keeper.hpp"
#include "plugin/call/call_request.hpp"
#include "plugin/core/outcome.hpp"
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
    auth::clock_skew& skew;
    auth::token_keeper& keeper;
};

}  // namespace tether::call

namespace tether {

outcome run_call(const call::call_context& ctx, const call_request& request);

}  // namespace tether
