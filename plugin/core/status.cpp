// Names of the status codes, as the C ABI, the CLI and the health document spell them.
#include "plugin/core/status.hpp"

#include <array>

namespace tether {

std::string_view status_name(status s) noexcept {
    static constexpr std::array<std::string_view, status_count> names = {
        "ok",       "reconnect_required", "transient",     "forbidden",  "bad_request", "not_found",
        "conflict", "config_error",       "storage_error", "host_error", "internal",
    };
    const auto index = static_cast<int>(s);
    if (index < 0 || index >= status_count) return "unknown";
    return names[static_cast<std::size_t>(index)];
}

}  // namespace tether
