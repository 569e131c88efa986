/* A tiny host built against an installed tether: checks the ABI, names a status, opens the installed
 * Smartsheet manifest with an in-memory store, and prints "consumer ok". */
#include <stdio.h>
#include <string.h>

#include <tether/tether.h>

static tether_status load(void *ctx, const char *id, tether_record_out *out) {
    (void)ctx; (void)id; (void)out;
    return TETHER_OK;
}

static tether_status store(void *ctx, const char *id, uint64_t expected, const char *data, size_t size) {
    (void)ctx; (void)id; (void)expected; (void)data; (void)size;
    return TETHER_OK;
}

int main(int argc, char **argv) {
    tether_host host = TETHER_HOST_INIT;
    tether_connector_options options = TETHER_CONNECTOR_OPTIONS_INIT;
    tether_connector *connector = NULL;
    tether_result *result = NULL;
    tether_status status;

    if (argc < 2) return 2;
    if (TETHER_ABI_MAJOR_OF(tether_abi_version()) != TETHER_ABI_VERSION_MAJOR) return 3;
    if (strcmp(tether_status_str(TETHER_RECONNECT_REQUIRED), "reconnect_required") != 0) return 4;

    host.load = load;
    host.store = store;
    options.manifest_path = argv[1];
    options.host = &host;
    status = tether_connector_open(&options, &connector, &result);
    if (status != TETHER_OK) {
        fprintf(stderr, "%s: %s\n", tether_status_str(status), tether_result_message(result));
        tether_result_free(result);
        return 5;
    }
    tether_result_free(result);
    tether_connector_close(connector);
    printf("consumer ok (tether %s)\n", tether_version());
    return 0;
}
