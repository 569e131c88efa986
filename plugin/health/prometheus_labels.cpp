// Escaping Prometheus label values and bounding the resource labels of the 403 counter.
#include "plugin/health/prometheus_labels.hpp"

#include <algorithm>

namespace tether::health {

std::string escape_label_value(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::vector<resource_count> bounded_forbidden_resources(
    std::vector<resource_count> resources, std::size_t limit) {
    if (resources.size() <= limit) return resources;
    std::sort(resources.begin(), resources.end(), [](const auto& a, const auto& b) {
        return a.total != b.total ? a.total > b.total : a.resource < b.resource;
    });
    resource_count other{std::string(other_resources_label), 0, 0};
    for (auto it = resources.begin() + static_cast<std::ptrdiff_t>(limit); it != resources.end(); ++it) {
        other.window += it->window;
        other.total += it->total;
    }
    resources.resize(limit);
    resources.push_back(std::move(other));
    return resources;
}

}  // namespace tether::health
