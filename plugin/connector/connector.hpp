// A connector: one immutable, validated manifest bound to the host's services and one HTTP transport, and the
// registry of its open connections. Shared by many connections and safe to use from any thread.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <list>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "plugin/http/clock_skew.hpp"
#include "plugin/call/host_circuits.hpp"
#include "plugin/host/host_services.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/manifest.hpp"

namespace tether {

class connection;

// The open connections of a connector, for its aggregated health. A health build copies the list out under
// the lock and pins each connection it copied; a connection leaving waits until no build uses it, so it is
// never destroyed under one, while the lock itself is never held longer than a copy.
class connection_registry {
    struct entry {
        connection* open;
        int pins = 0;
        bool leaving = false;  // no new pin; its destructor waits for the pins already taken
    };

public:
    // One connection kept alive for a health build until the pin is destroyed. Move-only.
    class pin {
    public:
        pin(pin&& other) noexcept : registry_(std::exchange(other.registry_, nullptr)), entry_(other.entry_) {}
        pin& operator=(pin&&) = delete;
        ~pin() {
            if (registry_ != nullptr) registry_->unpin(entry_);
        }
        connection* operator->() const noexcept { return entry_->open; }

    private:
        friend class connection_registry;
        pin(connection_registry* registry, std::list<entry>::iterator e) : registry_(registry), entry_(e) {}
        connection_registry* registry_;
        std::list<entry>::iterator entry_;
    };

    void attach(connection* c) {
        std::lock_guard lock(mutex_);
        open_.push_back(entry{c});
    }

    // Blocks until every pin on `c` is released: called from the connection's destructor.
    void detach(connection* c) {
        std::unique_lock lock(mutex_);
        const auto e = std::find_if(open_.begin(), open_.end(), [c](const entry& x) { return x.open == c; });
        if (e == open_.end()) return;
        e->leaving = true;
        unpinned_.wait(lock, [&] { return e->pins == 0; });
        open_.erase(e);
    }

    // The connections open now (not those already leaving), each pinned.
    std::vector<pin> pin_open() {
        std::lock_guard lock(mutex_);
        std::vector<pin> pinned;
        pinned.reserve(open_.size());
        for (auto e = open_.begin(); e != open_.end(); ++e) {
            if (e->leaving) continue;
            ++e->pins;
            pinned.push_back(pin(this, e));
        }
        return pinned;
    }

private:
    void unpin(std::list<entry>::iterator e) {
        std::lock_guard lock(mutex_);
        if (--e->pins == 0 && e->leaving) unpinned_.notify_all();
    }

    std::mutex mutex_;
    std::condition_variable unpinned_;
    std::list<entry> open_;  // a list: a pin's iterator stays valid while other connections come and go
};

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

    // The open connections (for aggregated health). Connections register themselves; thread-safe. detach
    // waits until no health build uses the connection any more.
    void attach(connection* c) const { connections_.attach(c); }
    void detach(connection* c) const { connections_.detach(c); }
    std::vector<connection_registry::pin> pin_open_connections() const { return connections_.pin_open(); }

private:
    std::shared_ptr<const manifest::connector_manifest> manifest_;
    std::unique_ptr<host_services> host_;
    std::unique_ptr<http::client> http_;
    mutable http::clock_skew skew_;
    mutable call::host_circuits circuits_;
    mutable connection_registry connections_;
};

}  // namespace tether
