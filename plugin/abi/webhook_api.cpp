// The exported webhook functions (ABI 1.3): tether_webhook_receive and the accessors of its result.
#include <boost/json.hpp>

#include "plugin/abi/boundary.hpp"
#include "plugin/abi/versioned_struct.hpp"

using namespace tether;
using namespace tether::abi;

namespace {

constexpr std::size_t webhook_request_v1_size = offsetof(tether_webhook_request, shared_secret) + sizeof(void*);

// The answer a webhook result carries, parsed from its body once (an empty answer for other results).
const tether_result::webhook_answer* answer_of(const tether_result* r) noexcept {
    static const tether_result::webhook_answer none{};
    if (r == nullptr || !r->from_webhook) return &none;
    try {
        std::call_once(r->webhook_once, [r] {
            boost::json::error_code ec;
            const auto doc = boost::json::parse(r->value.body, ec);
            if (ec || !doc.is_object()) return;
            auto& w = r->webhook;
            const auto& o = doc.get_object();
            if (const auto* k = o.if_contains("kind"); k && k->is_string()) w.kind = k->get_string();
            if (const auto* e = o.if_contains("event"); e && e->is_object()) w.event = boost::json::serialize(*e);
            const auto* response = o.if_contains("response");
            if (response == nullptr || !response->is_object()) return;
            const auto& resp = response->get_object();
            if (const auto* s = resp.if_contains("status"); s && s->is_int64())
                w.status = static_cast<int>(s->get_int64());
            if (const auto* b = resp.if_contains("body"); b && b->is_string()) w.body = b->get_string();
            if (const auto* h = resp.if_contains("headers"); h && h->is_object())
                for (const auto& [name, value] : h->get_object())
                    if (value.is_string()) w.headers.emplace_back(std::string(name), std::string(value.get_string()));
        });
        return &r->webhook;
    } catch (...) {
        return &none;
    }
}

}  // namespace

extern "C" {

TETHER_API tether_status tether_webhook_receive(tether_connection* connection, const tether_webhook_request* request,
                                                tether_result** result) {
    const tether_status code = guarded(result, [&]() -> outcome {
        if (connection == nullptr) return invalid_argument("tether_webhook_receive", "`connection` is NULL");
        const auto r = read_versioned(request, webhook_request_v1_size);
        if (!r)
            return invalid_argument("tether_webhook_receive",
                                    "`request` is NULL or too small; initialize it with TETHER_WEBHOOK_REQUEST_INIT");
        if (r->header_count > 0 && r->headers == nullptr)
            return invalid_argument("tether_webhook_receive", "`headers` is NULL but header_count is not 0");
        if (r->body_size > 0 && r->body == nullptr)
            return invalid_argument("tether_webhook_receive", "`body` is NULL but body_size is not 0");
        webhook::inbound_request in;
        for (std::size_t i = 0; i < r->header_count; ++i) {
            const tether_header& h = r->headers[i];
            if (h.name == nullptr || h.value == nullptr)
                return invalid_argument("tether_webhook_receive", "a header's name or value is NULL");
            in.headers.emplace_back(h.name, h.value);
        }
        if (r->body != nullptr) in.body.assign(r->body, r->body_size);
        if (r->webhook_id > 0) in.webhook_id = r->webhook_id;
        in.replay_window_ms = r->replay_window_ms > 0 ? r->replay_window_ms : 0;
        if (r->shared_secret != nullptr && *r->shared_secret != '\0') in.secret = wiped_string(r->shared_secret);
        return connection->impl->receive_webhook(in);
    });
    if (result != nullptr && *result != nullptr) (*result)->from_webhook = true;
    return code;
}

TETHER_API const char* tether_result_webhook_kind(const tether_result* result) {
    return answer_of(result)->kind.c_str();
}

TETHER_API int tether_result_webhook_response_status(const tether_result* result) {
    return answer_of(result)->status;
}

TETHER_API size_t tether_result_webhook_response_header_count(const tether_result* result) {
    return answer_of(result)->headers.size();
}

TETHER_API const char* tether_result_webhook_response_header_name(const tether_result* result, size_t index) {
    const auto* a = answer_of(result);
    return index < a->headers.size() ? a->headers[index].first.c_str() : "";
}

TETHER_API const char* tether_result_webhook_response_header_value(const tether_result* result, size_t index) {
    const auto* a = answer_of(result);
    return index < a->headers.size() ? a->headers[index].second.c_str() : "";
}

TETHER_API const char* tether_result_webhook_response_body(const tether_result* result, size_t* size) {
    const auto* a = answer_of(result);
    if (size != nullptr) *size = a->body.size();
    return a->body.c_str();
}

TETHER_API const char* tether_result_webhook_event(const tether_result* result) {
    return answer_of(result)->event.c_str();
}

}  // extern "C"
