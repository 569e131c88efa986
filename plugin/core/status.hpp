// The engine's status codes: the same closed set as the C ABI's tether_status (plugin/abi checks they match).
#pragma once

#include <string_view>

namespace tether {

enum class status : int {
    ok = 0,
    reconnect_required = 1,
    transient = 2,
    forbidden = 3,
    bad_request = 4,
    not_found = 5,
    conflict = 6,
    config_error = 7,
    storage_error = 8,
    host_error = 9,
    internal = 10,
};

inline constexpr int status_count = 11;

// The lowercase name of a status ("reconnect_required"); "unknown" for a value outside the set.
std::string_view status_name(status s) noexcept;

}  // namespace tether
