/* Compiled with -std=c99 -pedantic -Werror: the public header must be plain C99. Uses every initializer. */
#include "tether/tether.h"

int tether_header_c99_check(void);

int tether_header_c99_check(void) {
    tether_host host = TETHER_HOST_INIT;
    tether_connector_options connector_options = TETHER_CONNECTOR_OPTIONS_INIT;
    tether_connection_options connection_options = TETHER_CONNECTION_OPTIONS_INIT;
    tether_authorize_params authorize = TETHER_AUTHORIZE_PARAMS_INIT;
    tether_call_request call = TETHER_CALL_REQUEST_INIT;
    enum tether_status_code code = TETHER_INTERNAL;
    (void)authorize;
    (void)call;
    (void)connection_options;
    connector_options.host = &host;
    return (int)host.struct_size + (int)connector_options.abi_version + (int)code;
}
