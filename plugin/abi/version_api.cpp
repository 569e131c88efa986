// The exported version and status-name functions.
#include "plugin/abi/handles.hpp"
#include "plugin/core/status.hpp"

// The engine's status enum and the C ABI's must never drift apart.
static_assert(static_cast<int>(tether::status::ok) == TETHER_OK);
static_assert(static_cast<int>(tether::status::reconnect_required) == TETHER_RECONNECT_REQUIRED);
static_assert(static_cast<int>(tether::status::transient) == TETHER_TRANSIENT);
static_assert(static_cast<int>(tether::status::forbidden) == TETHER_FORBIDDEN);
static_assert(static_cast<int>(tether::status::bad_request) == TETHER_BAD_REQUEST);
static_assert(static_cast<int>(tether::status::not_found) == TETHER_NOT_FOUND);
static_assert(static_cast<int>(tether::status::conflict) == TETHER_CONFLICT);
static_assert(static_cast<int>(tether::status::config_error) == TETHER_CONFIG_ERROR);
static_assert(static_cast<int>(tether::status::storage_error) == TETHER_STORAGE_ERROR);
static_assert(static_cast<int>(tether::status::host_error) == TETHER_HOST_ERROR);
static_assert(static_cast<int>(tether::status::internal) == TETHER_INTERNAL);
static_assert(tether::status_count == TETHER_INTERNAL + 1);

extern "C" {

TETHER_API uint32_t tether_abi_version(void) { return TETHER_ABI_VERSION; }

TETHER_API const char* tether_version(void) { return TETHER_VERSION_STRING; }

TETHER_API const char* tether_status_str(tether_status status) {
    // status_name returns views of string literals, so data() is NUL-terminated static storage.
    return tether::status_name(static_cast<tether::status>(status)).data();
}

}  // extern "C"
