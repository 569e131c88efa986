// The circuit breakers of one connector, one per API host.
#include "plugin/call/host_circuits.hpp"

#include "plugin/http/url_origin.hpp"

#include <cctype>

namespace tether::call {

std::string url_authority(std::string_view url) {
    const http::url_parts parts = http::split_url(url);
    return parts.port.empty() ? parts.host : parts.host + ":" + parts.port;
}

circuit_breaker& host_circuits::for_api_base(std::string_view api_base) {
    const std::string host = url_authority(api_base);
    std::lock_guard lock(mutex_);
    auto it = by_host_.find(host);
    if (it == by_host_.end()) it = by_host_.emplace(host, std::make_unique<circuit_breaker>(policy_)).first;
    return *it->second;
}

std::vector<std::pair<std::string, circuit_data>> host_circuits::snapshot() const {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, circuit_data>> out;
    out.reserve(by_host_.size());
    for (const auto& [host, breaker] : by_host_) out.emplace_back(host, breaker->snapshot());
    return out;
}

}  // namespace tether::call
