// Adapts the host's C table (tether_host) to the engine's host_services interface, filling in the system
// defaults for the optional services. Validation happens once, when a connector is opened.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "plugin/host/host_services.hpp"
#include "sdk_shim/include/tether/tether.h"

namespace tether::abi {

// Returns a message naming what is wrong with the table, or nullopt when it is usable.
std::optional<std::string> validate_host_table(const tether_host* host);

// Requires a table that validate_host_table accepted.
std::unique_ptr<host_services> make_c_host_services(const tether_host& host);

}  // namespace tether::abi
