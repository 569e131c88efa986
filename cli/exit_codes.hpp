// The CLI's exit codes (a contract, documented in the README and `tether --help`).
#pragma once

#include "tether/tether.h"

namespace tether_cli {

enum exit_code : int {
    exit_ok = 0,
    exit_internal = 1,
    exit_doctor_finding = 1,  // `tether doctor`: the verdict is not healthy
    exit_usage = 2,  // usage, config or manifest error
    exit_reconnect = 3,
    exit_transient = 4,
    exit_forbidden = 5,
    exit_bad_request = 6,
    exit_not_found = 7,
    exit_storage = 8,  // storage or host error
};

inline int exit_code_for(tether_status status) {
    switch (status) {
        case TETHER_OK: return exit_ok;
        case TETHER_RECONNECT_REQUIRED: return exit_reconnect;
        case TETHER_TRANSIENT: return exit_transient;
        case TETHER_FORBIDDEN: return exit_forbidden;
        case TETHER_BAD_REQUEST: return exit_bad_request;
        case TETHER_NOT_FOUND: return exit_not_found;
        case TETHER_CONFIG_ERROR: return exit_usage;
        case TETHER_CONFLICT:
        case TETHER_STORAGE_ERROR:
        case TETHER_HOST_ERROR: return exit_storage;
        default: return exit_internal;
    }
}

}  // namespace tether_cli
