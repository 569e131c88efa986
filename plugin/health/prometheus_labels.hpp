// The label values of tether's Prometheus exposition: written as the text format requires, whatever a connection
// id or a resource holds, and a bounded set of resource labels for the 403 counter.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <cstdint>

#include "plugin/health/health_evidence.hpp"

namespace tether::health {

// A label value as it goes between the double quotes: backslash, double quote and line feed escaped (\\, \", \n),
// so that no value can end its label, its sample line or forge another one.
std::string escape_label_value(std::string_view value);

// The 403 counter keeps one series per resource for the resources with the most 403s; the rest are summed in
// one series, so that a provider refusing many resources cannot grow the exposition without bound.
inline constexpr std::size_t max_forbidden_resource_labels = 20;

struct resource_count {
    std::string resource;
    std::int64_t window = 0;
    std::int64_t total = 0;
};
inline constexpr std::string_view other_resources_label = other_resources;

// At most `limit` resources under their own name — those with the most 403s in total, ties by name — followed,
// when any are left, by one entry named "(other)" with their window and total counts summed.
std::vector<resource_count> bounded_forbidden_resources(
    std::vector<resource_count> resources, std::size_t limit = max_forbidden_resource_labels);

}  // namespace tether::health
