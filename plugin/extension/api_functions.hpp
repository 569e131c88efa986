// The functions of tether_extension_api, by group (one source file each), and the guard every one of them
// runs in: the context looked up and locked, the misuse statuses, nothing thrown back to the extension.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "plugin/extension/context_registry.hpp"

namespace tether::extension {

// Runs `body(state)` on the live context behind `handle`: TETHER_HOST_ERROR for a NULL, unknown or ended
// context, or one whose request is on its way; TETHER_INTERNAL if anything throws.
template <class Body>
tether_status with_context(tether_extension_context* handle, Body&& body) noexcept {
    try {
        const auto state = find_context(handle);
        if (!state) return TETHER_HOST_ERROR;
        std::lock_guard guard(state->lock);
        if (state->ended || state->busy) return TETHER_HOST_ERROR;
        return body(*state);
    } catch (...) {
        return TETHER_INTERNAL;
    }
}

// The length of an extension's text argument: `size`, or strlen when size is 0.
inline std::string_view text_of(const char* data, std::size_t size) {
    return size == 0 ? std::string_view(data) : std::string_view(data, size);
}

// `text` with every secret the context knows replaced by its redaction (plugin/core/redact.hpp).
std::string scrubbed(std::string text, const std::vector<std::string>& secrets);

// context_api.cpp: offered to every context.
tether_status api_operation_name(tether_extension_context* ctx, const char** name);
tether_status api_params_json(tether_extension_context* ctx, const char** json, std::size_t* size);
tether_status api_body(tether_extension_context* ctx, const char** data, std::size_t* size);
tether_status api_setting(tether_extension_context* ctx, const char* name, const char** value);
tether_status api_log(tether_extension_context* ctx, int level, const char* message);
tether_status api_now_ms(tether_extension_context* ctx, std::int64_t* now_ms);
tether_status api_random_bytes(tether_extension_context* ctx, void* buf, std::size_t size);
tether_status api_set_result(tether_extension_context* ctx, tether_status status, const char* reason,
                             const char* message, const char* body, std::size_t body_size);

// extension_request.cpp: a code operation's requests.
tether_status api_send(tether_extension_context* ctx, const tether_extension_request* request,
                       tether_extension_response* response);

// hook_api.cpp: the request or response a hook sees.
tether_status api_request_method(tether_extension_context* ctx, const char** method);
tether_status api_request_target(tether_extension_context* ctx, const char** target);
tether_status api_header(tether_extension_context* ctx, const char* name, const char** value);
tether_status api_set_header(tether_extension_context* ctx, const char* name, const char* value);
tether_status api_set_query(tether_extension_context* ctx, const char* name, const char* value);
tether_status api_set_body(tether_extension_context* ctx, const char* data, std::size_t size);
tether_status api_response_status(tether_extension_context* ctx, int* http_status);

// The table handed to every extension function (extension_api.cpp).
const tether_extension_api& extension_api();

}  // namespace tether::extension
