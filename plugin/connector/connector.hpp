// A connector: one immutable, validated manifest bound to the host's services and one HTTP transport.
// Shared by many connections and safe to use from any thread.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "plugin/http/clock_skew.hpp"
#include "plugin/call/host_circuits.hpp"
#include "plugin/host/host_services.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/manifest.hpp"

namespace tether {

class connection;

class connector {
public:
    connector(std::shared_ptr<const manifest::connector_manifest> manifest, std::unique_ptr<host_services> host,
              std::unique_ptr<http::client> http)
        : manifest_(std::move(manifest)), host_(std::move(host)), http_(std::move(http)) {}

    const manifest::connector_manifest& manifest() const noexcept { return *manifest_; }
    host_services& host() const noexcept { return *host_; }
    http::client& http() const noexcept { return *http_; }
    // The provider's clock relative to ours, learned from every response of this connector's API.
    http::clock_skew& skew() const noexcept { return skew_; }
    // One circuit breaker per API host, shared by every connection of this connector that calls it.
    call::host_circuits& circuits() const noexcept { return circuits_; }

    // The open connections (for aggregated health). Connections register themselves; thread-safe.
    void attach(connection* c) const {
        std::lock_guard lock(registry_mutex_);
        open_.push_back(c);
    }
    void detach(connection* c) const {
        std::lock_guard lock(registry_mutex_);
        std::erase(open_, c);
    }
    template <class F>
    void for_each_connection(F&& f) const {
        std::lock_guard lock(registry_mutex_);
        for (connection* c : open_) f(*c);
    }

private:
    std::shared_ptr<const manifest::connector_manifest> manifest_;
    std::unique_ptr<host_services> host_;
    std::unique_ptr<http::client> http_;
    mutable http::clock_skew skew_;
    mutable call::host_circuits circuits_;
    mutable std::mutex registry_mutex_;
    mutable std::vector<connection*> open_;
};

}  // namespace tether
