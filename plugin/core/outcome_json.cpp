// The JSON renderings of an outcome: the attempt chain and the whole result (what the CLI prints).
#include "plugin/core/outcome_json.hpp"

#include <boost/json.hpp>

#include "plugin/core/redact.hpp"

namespace tether {

boost::json::object attempt_to_json(const attempt& a) {
    boost::json::object o;
    if (!a.method.empty()) {  // the request in raw form: what was sent, with which credential
        o["method"] = a.method;
        o["url"] = redact_url_secrets(a.url);
        o["credential"] = a.bearer_redacted.empty() ? std::string("none") : "bearer " + a.bearer_redacted;
        o["record_version"] = a.record_version;
        o["request_bytes"] = a.request_bytes;
    }
    o["http_status"] = a.http_status;
    if (a.provider_code != 0) o["error_code"] = a.provider_code;
    if (!a.ref_id.empty()) o["ref_id"] = a.ref_id;
    if (!a.transport_error.empty()) o["transport_error"] = a.transport_error;
    if (a.provider_date[0] != '\0') o["date"] = std::string_view(a.provider_date.data());
    if (!a.method.empty()) o["duration_ms"] = a.duration_ms;
    o["action"] = a.action;
    o["delay_ms"] = a.delay_ms;
    return o;
}

namespace {

boost::json::array attempts_array(const outcome& o) {
    boost::json::array out;
    out.reserve(o.attempts.size());
    for (const auto& a : o.attempts) out.emplace_back(attempt_to_json(a));
    return out;
}

}  // namespace

std::string attempts_to_json(const outcome& o) { return boost::json::serialize(attempts_array(o)); }

std::string outcome_to_json(const outcome& o) {
    boost::json::object out;
    out["status"] = std::string(status_name(o.code));
    if (!o.reason.empty()) out["reason"] = o.reason;
    if (!o.message.empty()) out["message"] = o.message;
    if (o.http_status != 0) out["http_status"] = o.http_status;
    if (o.provider_code != 0) out["error_code"] = o.provider_code;
    if (!o.ref_id.empty()) out["ref_id"] = o.ref_id;
    if (o.retry_after_ms >= 0) out["retry_after_ms"] = o.retry_after_ms;
    if (!o.resource_kind.empty() || !o.resource_id.empty()) {
        boost::json::object resource;
        resource["kind"] = o.resource_kind;
        resource["id"] = o.resource_id;
        out["resource"] = std::move(resource);
    }
    if (o.first_failure) out["first_failure"] = attempt_to_json(*o.first_failure);
    if (!o.attempts.empty()) out["attempts"] = attempts_array(o);
    if (!o.reproduce.empty()) out["reproduce"] = o.reproduce;
    if (!o.body.empty()) {
        boost::json::error_code ec;
        auto parsed = boost::json::parse(o.body, ec);
        if (ec)
            out["body"] = o.body;
        else
            out["body"] = std::move(parsed);
    }
    return boost::json::serialize(out);
}

}  // namespace tether
