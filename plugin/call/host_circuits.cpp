// The circuit breakers of one connector, one per API host.
#include "plugin/call/host_circuits.hpp"

#include <cctype>

namespace tether::call {

std::string url_authority(std::string_view url) {
    if (const auto scheme_end = url.find("://"); scheme_end != std::string_view::npos)
        url.remove_prefix(scheme_end + 3);
    url = url.substr(0, url.find_first_of("/?#"));
    std::string out(url);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
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
