/* A tether extension in plain C99 (ABI 1.6): the code operation `users.whoami` asks for the current user
 * through tether's pipeline and answers with the provider's body as it is; the response hook `stamp_user`
 * replaces a users/me answer by {"user": <answer>} — a reshaping a manifest cannot express. It links nothing
 * of tether: everything goes through the api table tether hands to each function. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tether/tether.h"

static tether_status whoami(const tether_extension_api* api, tether_extension_context* ctx, void* user) {
    tether_extension_request request = TETHER_EXTENSION_REQUEST_INIT;
    tether_extension_response response = TETHER_EXTENSION_RESPONSE_INIT;
    tether_status status;
    (void)user;
    request.path = "/users/me";
    status = api->send(ctx, &request, &response);
    if (status != TETHER_OK) {
        api->set_result(ctx, status, response.reason, response.message, NULL, 0);
        return status;
    }
    api->log(ctx, TETHER_LOG_INFO, "users.whoami answered");
    api->set_result(ctx, TETHER_OK, NULL, NULL, response.body, response.body_size);
    return TETHER_OK;
}

static tether_status stamp_user(const tether_extension_api* api, tether_extension_context* ctx, void* user) {
    const char* body = NULL;
    size_t size = 0;
    int http_status = 0;
    char* wrapped;
    tether_status status;
    (void)user;
    if (api->response_status(ctx, &http_status) != TETHER_OK || http_status != 200) return TETHER_OK;
    if (api->body(ctx, &body, &size) != TETHER_OK || size == 0) return TETHER_OK;
    wrapped = malloc(size + 16);
    if (wrapped == NULL) return TETHER_INTERNAL;
    snprintf(wrapped, size + 16, "{\"user\":%.*s}", (int)size, body);
    status = api->set_body(ctx, wrapped, strlen(wrapped));
    free(wrapped);
    return status;
}

static const tether_extension_operation whoami_operation = {sizeof(tether_extension_operation),
                                                            "users.whoami",
                                                            "The current user, through the extension",
                                                            NULL,
                                                            0,
                                                            whoami,
                                                            NULL};
static const tether_extension_operation* const operations[] = {&whoami_operation};
static const tether_extension_hook stamp_hook = {sizeof(tether_extension_hook), "stamp_user", stamp_user, NULL};
static const tether_extension_hook* const response_hooks[] = {&stamp_hook};

static const tether_extension whoami_extension = {
    sizeof(tether_extension), TETHER_ABI_VERSION, "c_whoami", operations, 1, NULL, 0, response_hooks, 1};

TETHER_EXTENSION_EXPORT const tether_extension* tether_extension_entry(void) {
    return &whoami_extension;
}
