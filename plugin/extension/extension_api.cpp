// The one tether_extension_api table of the library, and the scrubbing of what extensions write.
#include "plugin/core/redact.hpp"
#include "plugin/extension/api_functions.hpp"

namespace tether::extension {

std::string scrubbed(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        if (secret.empty()) continue;
        const std::string shown = redact(secret);
        for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + shown.size()))
            text.replace(at, secret.size(), shown);
    }
    return text;
}

const tether_extension_api& extension_api() {
    static const tether_extension_api api = {
        sizeof(tether_extension_api),
        TETHER_ABI_VERSION,
        api_operation_name,
        api_params_json,
        api_body,
        api_setting,
        api_log,
        api_now_ms,
        api_random_bytes,
        api_send,
        api_set_result,
        api_request_method,
        api_request_target,
        api_header,
        api_set_header,
        api_set_query,
        api_set_body,
        api_response_status,
    };
    return api;
}

}  // namespace tether::extension
