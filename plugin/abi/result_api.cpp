// The exported accessors of tether_result. Accessors never return NULL and never throw.
#include <string>

#include "plugin/abi/handles.hpp"
#include "plugin/core/outcome_json.hpp"

namespace {

const char* lazily(std::once_flag& once, std::string& cache, const tether_result* r,
                   std::string (*render)(const tether::outcome&)) noexcept {
    try {
        std::call_once(once, [&] { cache = render(r->value); });
        return cache.c_str();
    } catch (...) {
        return "";
    }
}

}  // namespace

extern "C" {

TETHER_API tether_status tether_result_status(const tether_result* result) {
    return result == nullptr ? TETHER_HOST_ERROR : static_cast<tether_status>(result->value.code);
}

TETHER_API const char* tether_result_reason(const tether_result* result) {
    return result == nullptr ? "" : result->value.reason.c_str();
}

TETHER_API const char* tether_result_message(const tether_result* result) {
    return result == nullptr ? "" : result->value.message.c_str();
}

TETHER_API int tether_result_http_status(const tether_result* result) {
    return result == nullptr ? 0 : result->value.http_status;
}

TETHER_API int64_t tether_result_provider_code(const tether_result* result) {
    return result == nullptr ? 0 : result->value.provider_code;
}

TETHER_API const char* tether_result_ref_id(const tether_result* result) {
    return result == nullptr ? "" : result->value.ref_id.c_str();
}

TETHER_API int64_t tether_result_retry_after_ms(const tether_result* result) {
    return result == nullptr ? -1 : result->value.retry_after_ms;
}

TETHER_API const char* tether_result_body(const tether_result* result, size_t* size) {
    if (result == nullptr) {
        if (size != nullptr) *size = 0;
        return "";
    }
    if (size != nullptr) *size = result->value.body.size();
    return result->value.body.c_str();
}

TETHER_API const char* tether_result_attempts_json(const tether_result* result) {
    if (result == nullptr) return "[]";
    return lazily(result->attempts_once, result->attempts_json, result, &tether::attempts_to_json);
}

TETHER_API const char* tether_result_json(const tether_result* result) {
    if (result == nullptr) return "";
    return lazily(result->json_once, result->json, result, &tether::outcome_to_json);
}

TETHER_API const char* tether_result_resource_kind(const tether_result* result) {
    return result == nullptr ? "" : result->value.resource_kind.c_str();
}

TETHER_API const char* tether_result_resource_id(const tether_result* result) {
    return result == nullptr ? "" : result->value.resource_id.c_str();
}

TETHER_API void tether_result_free(tether_result* result) { delete result; }

}  // extern "C"
