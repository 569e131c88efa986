/* tether_api.c — resolves the C ABI from libtether.so.1 at run time (dlopen/dlsym), the way a platform
 * loads a plugin it was not linked against. */
#include "tether_api.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

/* ISO C has no conversion from the object pointer dlsym returns to a function pointer; copying the bytes is
 * the portable-enough idiom POSIX blesses, and it keeps -pedantic quiet. */
static int resolve(void *handle, const char *name, void *fn_slot, size_t fn_size, char *error, size_t error_size) {
    void *symbol = dlsym(handle, name);
    if (symbol == NULL) {
        snprintf(error, error_size, "symbol %s not found in libtether", name);
        return -1;
    }
    memcpy(fn_slot, &symbol, fn_size);
    return 0;
}

#define RESOLVE(field, name)                                                                              \
    if (resolve(api->handle, name, (void *)&api->field, sizeof api->field, error, error_size) != 0) goto fail

int tether_api_load(tether_api *api, const char *path, char *error, size_t error_size) {
    memset(api, 0, sizeof *api);
    /* RTLD_LOCAL: tether's symbols stay out of the global namespace, as a plugin's should. */
    api->handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (api->handle == NULL) {
        snprintf(error, error_size, "dlopen(%s): %s", path, dlerror());
        return -1;
    }
    RESOLVE(abi_version, "tether_abi_version");
    RESOLVE(version, "tether_version");
    RESOLVE(status_str, "tether_status_str");
    RESOLVE(result_status, "tether_result_status");
    RESOLVE(result_reason, "tether_result_reason");
    RESOLVE(result_message, "tether_result_message");
    RESOLVE(result_http_status, "tether_result_http_status");
    RESOLVE(result_body, "tether_result_body");
    RESOLVE(result_free, "tether_result_free");
    RESOLVE(connector_open, "tether_connector_open");
    RESOLVE(connector_close, "tether_connector_close");
    RESOLVE(connection_open, "tether_connection_open");
    RESOLVE(connection_close, "tether_connection_close");
    RESOLVE(authorize_begin, "tether_authorize_begin");
    RESOLVE(authorize_complete, "tether_authorize_complete");
    RESOLVE(call, "tether_call");
    RESOLVE(health, "tether_health");

    /* A library of another ABI major would misread our structs: refuse it before calling anything else.
     * (tether_connector_open checks this too, with the version we pass in the options.) */
    if (TETHER_ABI_MAJOR_OF(api->abi_version()) != TETHER_ABI_VERSION_MAJOR) {
        snprintf(error, error_size, "libtether implements ABI %u.%u, this host was built for %u.x",
                 (unsigned)TETHER_ABI_MAJOR_OF(api->abi_version()), (unsigned)TETHER_ABI_MINOR_OF(api->abi_version()),
                 (unsigned)TETHER_ABI_VERSION_MAJOR);
        goto fail;
    }
    return 0;

fail:
    dlclose(api->handle);
    memset(api, 0, sizeof *api);
    return -1;
}

void tether_api_unload(tether_api *api) {
    if (api->handle != NULL) dlclose(api->handle);
    memset(api, 0, sizeof *api);
}
