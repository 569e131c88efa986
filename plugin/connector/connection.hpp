// A connection: one connection id with its resolved settings, bound to a connector. The verbs live here;
// each returns an outcome and never throws past its caller's guard.
#pragma once

#include <cstdint>
#include <string>

#include "plugin/auth/auth_context.hpp"
#include "plugin/auth/authorization_flow.hpp"
#include "plugin/auth/refresher.hpp"
#include "plugin/auth/token_keeper.hpp"
#include "plugin/call/call_request.hpp"
#include "plugin/connector/connector.hpp"
#include "plugin/core/outcome.hpp"
#include "plugin/doctor/doctor.hpp"
#include "plugin/health/connection_metrics.hpp"
#include "plugin/health/shared_health.hpp"
#include "plugin/health/webhook_counters.hpp"
#include "plugin/record/record_store.hpp"
#include "plugin/webhook/replay_guard.hpp"
#include "plugin/webhook/webhook_receiver.hpp"

namespace tether {

using authorize_params = auth::authorization_response;

class connection {
public:
    // Registers with its connector (for the connector's aggregated health) until destroyed; shares its health
    // evidence when destroyed.
    connection(const connector& owner, std::string id, manifest::resolved_settings settings);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    const std::string& id() const noexcept { return id_; }
    const connector& owner() const noexcept { return connector_; }
    const manifest::resolved_settings& settings() const noexcept { return settings_; }
    auth::token_keeper& keeper() noexcept { return keeper_; }
    const health::connection_metrics& metrics() const noexcept { return metrics_; }
    // Shares this process's unshared health evidence now (the connection or its connector is closing).
    void share_health() noexcept;

    outcome authorize_begin();
    outcome authorize_complete(const authorize_params& params);
    outcome authorize_with_token(const std::string& access_token);
    // A client credentials connection (the manifest's client_credentials method): fetches its first token.
    outcome connect_client();
    outcome refresh(bool force);
    outcome call(const call_request& request);
    outcome health(bool probe, bool prometheus);
    // all_for_client: also revoke every token of the app for the user (the manifest's revoke.all_param).
    outcome revoke(bool all_for_client = false);
    // The troubleshooting guide's checks against this connection (plugin/doctor).
    outcome diagnose(const doctor::doctor_request& request);
    // One inbound webhook request: a challenge answered, or a callback checked against the webhook's captured
    // shared secret (plugin/webhook/webhook_receiver.hpp).
    outcome receive_webhook(const webhook::inbound_request& request);

private:
    const connector& connector_;
    std::string id_;
    manifest::resolved_settings settings_;
    health::connection_metrics metrics_;
    health::shared_health shared_health_;
    // The OAuth units of this connection, around its one record store (plugin/auth, plugin/record).
    record::record_store store_;
    auth::auth_context auth_;
    auth::refresher refresher_;
    auth::token_keeper keeper_;
    call::circuit_breaker& breaker_;  // its API host's, shared with sibling connections; looked up once
    webhook::replay_guard webhook_replays_;
    health::webhook_counters webhook_counters_;

    // Keeps the webhook secret an operation's answer carries (the manifest's webhook_secret) and redacts it.
    void capture_webhook_secret(const manifest::operation& op, outcome& result);
};

}  // namespace tether
