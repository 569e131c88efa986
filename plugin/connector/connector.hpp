// A connector: one immutable, validated manifest bound to the host's services, one HTTP transport and its
// extensions, and the registry of its open connections. Shared by many connections and safe to use from any thread.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "plugin/call/host_circuits.hpp"
#include "plugin/connector/connection_registry.hpp"
#include "plugin/extension/extension_runtime.hpp"
#include "plugin/http/clock_skew.hpp"
#include "plugin/host/host_services.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/http/user_agent.hpp"
#include "plugin/manifest/manifest.hpp"
#include "plugin/record/record_seal.hpp"

namespace tether {

class connector {
public:
    connector(std::shared_ptr<const manifest::connector_manifest> manifest, std::unique_ptr<host_services> host,
              std::unique_ptr<http::client> http, record::record_keyring record_keys = {},
              std::unique_ptr<extension::extension_runtime> extensions = nullptr)
        : manifest_(std::move(manifest)),
          host_(std::move(host)),
          http_(std::make_unique<http::identified_client>(
              std::move(http), http::user_agent(manifest_->connector.name, manifest_->connector.user_agent_suffix))),
          record_keys_(std::move(record_keys)),
          extensions_(std::move(extensions)) {
        operation_names_.reserve(manifest_->operations.size());
        for (const auto& op : manifest_->operations) operation_names_.push_back(op.name);
    }

    const manifest::connector_manifest& manifest() const noexcept { return *manifest_; }
    host_services& host() const noexcept { return *host_; }
    // Every request through it carries the connector's User-Agent.
    http::client& http() const noexcept { return *http_; }
    // The provider's clock relative to ours, learned from every response of this connector's API.
    http::clock_skew& skew() const noexcept { return skew_; }
    // The manifest's operation names, in order: shared by every connection's counters.
    const std::vector<std::string>& operation_names() const noexcept { return operation_names_; }
    // The keys that seal connection records at rest (none: records are stored as they are).
    const record::record_keyring& record_keys() const noexcept { return record_keys_; }
    // One circuit breaker per API host, shared by every connection of this connector that calls it.
    call::host_circuits& circuits() const noexcept { return circuits_; }
    // The loaded extensions (code operations and hooks the manifest names), or null when none are loaded.
    extension::extension_runtime* extensions() const noexcept { return extensions_.get(); }

    // The open connections (for aggregated health). Connections register themselves; thread-safe. detach
    // waits until no health build uses the connection any more.
    void attach(connection* c) const { connections_.attach(c); }
    void detach(connection* c) const { connections_.detach(c); }
    std::vector<connection_registry::pin> pin_open_connections() const { return connections_.pin_open(); }

private:
    std::shared_ptr<const manifest::connector_manifest> manifest_;
    std::unique_ptr<host_services> host_;
    std::unique_ptr<http::client> http_;
    record::record_keyring record_keys_;
    std::unique_ptr<extension::extension_runtime> extensions_;  // its libraries close with the connector
    std::vector<std::string> operation_names_;
    mutable http::clock_skew skew_;
    mutable call::host_circuits circuits_;
    mutable connection_registry connections_;
};

}  // namespace tether
