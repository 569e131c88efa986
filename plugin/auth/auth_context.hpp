// What the auth units of one connection share: its id, manifest and settings, the connector's services, and
// the connection's record store. Every reference outlives the units that hold the context.
#pragma once

#include <cstdint>
#include <string>

#include "plugin/auth/origin_binding.hpp"
#include "plugin/auth/refresh_schedule.hpp"
#include "plugin/host/host_services.hpp"
#include "plugin/http/clock_skew.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"
#include "plugin/record/record_store.hpp"

namespace tether::auth {

struct auth_context {
    const std::string& connection_id;
    const manifest::connector_manifest& manifest;
    const manifest::resolved_settings& settings;
    host_services& host;
    http::client& http;
    http::clock_skew& skew;
    record::record_store& store;
    double jitter_unit = 0;  // connection_jitter_unit(connection_id), computed once
    bound_origins origins;   // origins_of(settings), computed once: where this connection's settings point

    // The provider's time now: every timing decision compares against the provider's clock.
    std::int64_t provider_now() const { return skew.provider_now(host.now_ms()); }
    refresh_plan plan_for(const record::token_record& r) const {
        return plan_refresh(r, manifest.auth.refresh, jitter_unit);
    }
};

}  // namespace tether::auth
