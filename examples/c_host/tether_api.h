/* tether_api.h — the C ABI as a table of function pointers, filled from libtether.so.1 with dlopen/dlsym.
 * A host that loads tether at run time uses tether.h for the types only and never links against it. */
#ifndef C_HOST_TETHER_API_H
#define C_HOST_TETHER_API_H

#include <tether/tether.h>

/* One pointer per tether function this host uses; names and signatures mirror tether.h. */
typedef struct tether_api {
    void *handle; /* from dlopen */
    uint32_t (*abi_version)(void);
    const char *(*version)(void);
    const char *(*status_str)(tether_status);
    tether_status (*result_status)(const tether_result *);
    const char *(*result_reason)(const tether_result *);
    const char *(*result_message)(const tether_result *);
    int (*result_http_status)(const tether_result *);
    const char *(*result_body)(const tether_result *, size_t *);
    void (*result_free)(tether_result *);
    tether_status (*connector_open)(const tether_connector_options *, tether_connector **, tether_result **);
    void (*connector_close)(tether_connector *);
    tether_status (*connection_open)(tether_connector *, const tether_connection_options *, tether_connection **,
                                     tether_result **);
    void (*connection_close)(tether_connection *);
    tether_status (*authorize_begin)(tether_connection *, tether_result **);
    tether_status (*authorize_complete)(tether_connection *, const tether_authorize_params *, tether_result **);
    tether_status (*call)(tether_connection *, const tether_call_request *, tether_result **);
    tether_status (*health)(tether_connection *, unsigned, tether_result **);
} tether_api;

/* Loads the library at `path` and resolves every function; checks that its ABI major matches the header's.
 * Returns 0 on success; on failure writes why into `error` and returns -1 (nothing stays loaded). */
int tether_api_load(tether_api *api, const char *path, char *error, size_t error_size);

/* Unloads the library. Every connector must be closed first. */
void tether_api_unload(tether_api *api);

#endif
