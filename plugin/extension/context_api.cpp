// What every code operation and hook may ask: its operation, parameters, body, non-secret settings, the host's
// log, clock and randomness, and the result it reports.
#include <boost/json/parse.hpp>
#include <span>
#include <type_traits>

#include "plugin/extension/api_functions.hpp"
#include "plugin/host/log.hpp"

namespace tether::extension {

namespace {

bool is_reason(std::string_view reason) {
    if (reason.empty() || reason.size() > 64) return false;
    for (char c : reason)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

std::string setting_text(const manifest::value& v) {
    return std::visit(
        [](const auto& x) -> std::string {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, bool>) {
                return x ? "true" : "false";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(x);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return x;
            } else {
                std::string joined;
                for (const auto& item : x) {
                    if (!joined.empty()) joined += ',';
                    if constexpr (std::is_same_v<T, std::vector<std::string>>)
                        joined += item;
                    else
                        joined += std::to_string(item);
                }
                return joined;
            }
        },
        v);
}

bool is_json(std::string_view text) {
    boost::json::error_code ec;
    (void)boost::json::parse(text, ec);
    return !ec;
}

}  // namespace

tether_status api_operation_name(tether_extension_context* ctx, const char** name) {
    return with_context(ctx, [&](context_state& s) {
        if (name == nullptr) return TETHER_HOST_ERROR;
        *name = s.op->name.c_str();
        return TETHER_OK;
    });
}

tether_status api_params_json(tether_extension_context* ctx, const char** json, std::size_t* size) {
    return with_context(ctx, [&](context_state& s) {
        if (json == nullptr) return TETHER_HOST_ERROR;
        *json = s.params_json.c_str();
        if (size != nullptr) *size = s.params_json.size();
        return TETHER_OK;
    });
}

tether_status api_body(tether_extension_context* ctx, const char** data, std::size_t* size) {
    return with_context(ctx, [&](context_state& s) {
        if (data == nullptr) return TETHER_HOST_ERROR;
        std::string_view body = s.call_body;
        if (s.kind == context_kind::request_hook) body = s.request->body;
        if (s.kind == context_kind::response_hook) body = s.response->body;
        *data = s.kind == context_kind::code_operation ? s.call_body.c_str() : s.keep(std::string(body));
        if (size != nullptr) *size = body.size();
        return TETHER_OK;
    });
}

tether_status api_setting(tether_extension_context* ctx, const char* name, const char** value) {
    return with_context(ctx, [&](context_state& s) {
        if (name == nullptr || value == nullptr) return TETHER_HOST_ERROR;
        if (s.call->manifest.find_setting(name) == nullptr) return TETHER_NOT_FOUND;
        if (s.call->settings.is_secret(name)) return TETHER_FORBIDDEN;
        const manifest::value* v = s.call->settings.find(name);
        if (v == nullptr) return TETHER_NOT_FOUND;
        *value = s.keep(setting_text(*v));
        return TETHER_OK;
    });
}

tether_status api_log(tether_extension_context* ctx, int level, const char* message) {
    return with_context(ctx, [&](context_state& s) {
        if (message == nullptr || level < TETHER_LOG_ERROR || level > TETHER_LOG_TRACE) return TETHER_HOST_ERROR;
        log_event(s.call->host, static_cast<log_level>(level), s.call->connection_id, s.op->name, "extension {}: {}",
                  s.extension, scrubbed(message, s.secrets_now()));
        return TETHER_OK;
    });
}

tether_status api_now_ms(tether_extension_context* ctx, std::int64_t* now_ms) {
    return with_context(ctx, [&](context_state& s) {
        if (now_ms == nullptr) return TETHER_HOST_ERROR;
        *now_ms = s.call->host.now_ms();
        return TETHER_OK;
    });
}

tether_status api_random_bytes(tether_extension_context* ctx, void* buf, std::size_t size) {
    return with_context(ctx, [&](context_state& s) {
        if (buf == nullptr && size > 0) return TETHER_HOST_ERROR;
        if (size == 0) return TETHER_OK;
        const auto got = s.call->host.random_bytes(std::span(static_cast<std::byte*>(buf), size));
        return got == status::ok ? TETHER_OK : TETHER_HOST_ERROR;
    });
}

tether_status api_set_result(tether_extension_context* ctx, tether_status code, const char* reason, const char* message,
                             const char* body, std::size_t body_size) {
    return with_context(ctx, [&](context_state& s) {
        if (code < TETHER_OK || code > TETHER_INTERNAL) return TETHER_HOST_ERROR;
        if (reason != nullptr && !is_reason(reason)) return TETHER_BAD_REQUEST;
        outcome verdict;
        verdict.code = static_cast<status>(code);
        if (body != nullptr) {
            const std::string_view text = text_of(body, body_size);
            if (!is_json(text)) return TETHER_BAD_REQUEST;
            verdict.body = std::string(text);
        }
        verdict.reason = reason != nullptr ? reason : (code == TETHER_OK ? "" : "extension_failed");
        if (message != nullptr) verdict.message = scrubbed(message, s.secrets_now());
        s.verdict = std::move(verdict);
        return TETHER_OK;
    });
}

}  // namespace tether::extension
