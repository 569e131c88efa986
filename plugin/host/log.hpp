// Logging through the host: the level is checked before anything is formatted, and every line names the
// connection and operation it concerns. Callers pass only redacted values (plugin/core/redact.hpp).
#pragma once

#include <fmt/format.h>

#include <string_view>

#include "plugin/host/host_services.hpp"

namespace tether {

template <class... Args>
void log_event(host_services& host, log_level level, std::string_view connection_id, std::string_view operation,
               fmt::format_string<Args...> format, Args&&... args) {
    if (!host.log_enabled(level)) return;
    host.log(level, fmt::format(format, std::forward<Args>(args)...), connection_id, operation);
}

}  // namespace tether
