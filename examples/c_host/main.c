/* c_host — a plain C99 platform that loads libtether.so.1 at run time, gives it a memory store and a stderr
 * logger, authorizes a Smartsheet connection (here against tether-emulator), lists sheets and prints health.
 * Usage: c_host <path/to/libtether.so.1> <path/to/smartsheet.yaml> <emulator port> */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host_util.h"
#include "memory_store.h"
#include "tether_api.h"

static tether_api api; /* the functions of the loaded library */

/* tether's log lines arrive already redacted; a platform forwards them to its own logging. */
static void log_to_stderr(void *log_ctx, const tether_log_entry *entry) {
    static const char *const names[] = {"off", "error", "warn", "info", "debug", "trace"};
    (void)log_ctx;
    fprintf(stderr, "[tether %s]%s%s %s\n", (entry->level >= 0 && entry->level <= 5) ? names[entry->level] : "?",
            entry->operation != NULL ? " " : "", entry->operation != NULL ? entry->operation : "", entry->message);
}

/* Prints a failed verb the way an operator wants to read it: status, reason, HTTP status, message. */
static void report(const char *what, tether_status status, const tether_result *result) {
    fprintf(stderr, "%s: %s (reason %s, HTTP %d): %s\n", what, api.status_str(status), api.result_reason(result),
            api.result_http_status(result), api.result_message(result));
}

/* begin → the user approves on the provider's page → the provider redirects to our callback → complete. */
static tether_status authorize(tether_connection *connection) {
    tether_result *result = NULL;
    tether_authorize_params params = TETHER_AUTHORIZE_PARAMS_INIT;
    char authorize_url[2048], callback_url[2048], shown[256], error[256];
    tether_status status = api.authorize_begin(connection, &result);
    if (status != TETHER_OK) {
        report("authorize_begin", status, result);
        api.result_free(result);
        return status;
    }
    /* The body is {"authorize_url":…,"state":…}; tether has already stored the pending state. */
    if (json_string_field(api.result_body(result, NULL), "authorize_url", authorize_url, sizeof authorize_url) != 0) {
        fprintf(stderr, "authorize_begin: no authorize_url in the result body\n");
        status = TETHER_INTERNAL;
    }
    api.result_free(result);
    if (status != TETHER_OK) return status;

    if (fetch_redirect(authorize_url, callback_url, sizeof callback_url, error, sizeof error) != 0) {
        fprintf(stderr, "%s\n", error);
        return TETHER_HOST_ERROR;
    }
    redact_url(callback_url, shown, sizeof shown);
    printf("authorize: the provider redirected to %s\n", shown);

    params.callback_url = callback_url; /* tether checks the state and exchanges the code */
    status = api.authorize_complete(connection, &params, &result);
    if (status == TETHER_OK)
        printf("authorize: %s\n", api.status_str(status));
    else
        report("authorize_complete", status, result);
    api.result_free(result);
    return status;
}

static tether_status list_sheets(tether_connection *connection) {
    tether_result *result = NULL;
    tether_call_request request = TETHER_CALL_REQUEST_INIT;
    tether_status status;
    request.operation = "sheets.list";
    request.params_json = "{}";
    status = api.call(connection, &request, &result);
    if (status == TETHER_OK) {
        size_t size = 0;
        const char *body = api.result_body(result, &size);
        printf("sheets.list: %s, HTTP %d, %ld sheet(s), %lu bytes\n", api.status_str(status),
               api.result_http_status(result), json_integer_field(body, "totalCount"), (unsigned long)size);
    } else {
        report("sheets.list", status, result);
    }
    api.result_free(result);
    return status;
}

/* Health is informational here: a failure to build it must not fail the host. */
static void print_health(tether_connection *connection) {
    tether_result *result = NULL;
    tether_status status = api.health(connection, 0, &result);
    if (status == TETHER_OK)
        printf("health: %s\n", api.result_body(result, NULL));
    else
        printf("health: %s (%s)\n", api.status_str(status), api.result_reason(result));
    api.result_free(result);
}

int main(int argc, char **argv) {
    memory_store *store = NULL;
    tether_host host = TETHER_HOST_INIT;
    tether_connector_options options = TETHER_CONNECTOR_OPTIONS_INIT;
    tether_connection_options connection_options = TETHER_CONNECTION_OPTIONS_INIT;
    tether_connector *connector = NULL;
    tether_connection *connection = NULL;
    tether_result *result = NULL;
    tether_status status;
    char settings[1024], error[512];
    int exit_code = 1;

    if (argc != 4) {
        fprintf(stderr, "usage: %s <libtether.so.1> <smartsheet.yaml> <emulator port>\n", argv[0]);
        return 2;
    }
    if (tether_api_load(&api, argv[1], error, sizeof error) != 0) {
        fprintf(stderr, "%s\n", error);
        return 1;
    }
    printf("loaded tether %s (ABI %u.%u) into a host built for ABI %u.%u\n", api.version(),
           (unsigned)TETHER_ABI_MAJOR_OF(api.abi_version()), (unsigned)TETHER_ABI_MINOR_OF(api.abi_version()),
           (unsigned)TETHER_ABI_VERSION_MAJOR, (unsigned)TETHER_ABI_VERSION_MINOR);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    /* The host table: start from TETHER_HOST_INIT so fields a later header appends stay zero. */
    store = memory_store_new();
    if (store == NULL) goto cleanup;
    host.storage_ctx = store;
    host.load = memory_store_load;
    host.store = memory_store_cas;
    host.log = log_to_stderr;
    host.log_level = TETHER_LOG_WARN;

    options.manifest_path = argv[2];
    options.host = &host; /* copied by tether; `store` must outlive the connector */
    status = api.connector_open(&options, &connector, &result);
    if (status != TETHER_OK) report("connector_open", status, result);
    api.result_free(result);
    result = NULL;
    if (status != TETHER_OK) goto cleanup;

    /* Point the manifest at the emulator. The secret is a setting like any other; a platform reads it from
     * its secret store, never from a command line. */
    snprintf(settings, sizeof settings,
             "{\"client_id\":\"tether-test-client\",\"client_secret\":\"tether-test-secret\","
             "\"redirect_uri\":\"http://127.0.0.1/callback\",\"scopes\":[\"READ_SHEETS\"],"
             "\"base_url\":\"http://127.0.0.1:%s/2.0\",\"authorize_url\":\"http://127.0.0.1:%s/b/authorize\"}",
             argv[3], argv[3]);
    connection_options.connection_id = "c-host-demo";
    connection_options.settings_json = settings;
    status = api.connection_open(connector, &connection_options, &connection, &result);
    if (status != TETHER_OK) report("connection_open", status, result);
    api.result_free(result);
    result = NULL;
    if (status != TETHER_OK) goto cleanup;

    if (authorize(connection) == TETHER_OK && list_sheets(connection) == TETHER_OK) exit_code = 0;
    print_health(connection);

cleanup:
    /* Close in reverse order of opening: connections, connector, then the store and the library. */
    if (api.handle != NULL) {
        api.connection_close(connection);
        api.connector_close(connector);
    }
    memory_store_free(store);
    curl_global_cleanup();
    tether_api_unload(&api);
    printf("c_host: %s\n", exit_code == 0 ? "ok" : "FAILED");
    return exit_code;
}
