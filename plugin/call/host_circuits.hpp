// The circuit breakers of one connector, one per API host: connections in different regions (or pointed at
// different base URLs) do not pause each other, while every connection to one host shares its breaker.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugin/call/circuit_breaker.hpp"

namespace tether::call {

class host_circuits {
public:
    explicit host_circuits(circuit_policy policy = {}) : policy_(policy) {}

    // The breaker for the host of `api_base` ("https://api.smartsheet.eu/2.0" → "api.smartsheet.eu"),
    // created on first use. The reference stays valid as long as this object. Thread-safe.
    circuit_breaker& for_api_base(std::string_view api_base);

    // Every host's circuit as it is now (for health documents), by host name. Thread-safe.
    std::vector<std::pair<std::string, circuit_data>> snapshot() const;

private:
    circuit_policy policy_;
    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<circuit_breaker>, std::less<>> by_host_;
};

// The scheme-less authority of a URL, lowercased ("HTTP://127.0.0.1:8080/2.0" → "127.0.0.1:8080").
std::string url_authority(std::string_view url);

}  // namespace tether::call
