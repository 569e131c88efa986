// A connector: one immutable, validated manifest bound to the host's services. Shared by many connections
// and safe to use from any thread (it holds nothing mutable).
#pragma once

#include <memory>

#include "plugin/host/host_services.hpp"
#include "plugin/manifest/manifest.hpp"

namespace tether {

class connector {
public:
    connector(std::shared_ptr<const manifest::connector_manifest> manifest, std::unique_ptr<host_services> host)
        : manifest_(std::move(manifest)), host_(std::move(host)) {}

    const manifest::connector_manifest& manifest() const noexcept { return *manifest_; }
    host_services& host() const noexcept { return *host_; }

private:
    std::shared_ptr<const manifest::connector_manifest> manifest_;
    std::unique_ptr<host_services> host_;
};

}  // namespace tether
