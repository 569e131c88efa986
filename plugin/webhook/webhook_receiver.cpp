// The decision on one inbound webhook request, in the order that leaks least: the payload's shape first (no
// secret is looked up for an arbitrary POST), then the signature in constant time, then the replay checks —
// a forged callback cannot fill the nonce memory.
#include "plugin/webhook/webhook_receiver.hpp"

#include <boost/json.hpp>

#include "plugin/webhook/hmac_signature.hpp"

namespace tether::webhook {

namespace json = boost::json;

namespace {

struct reply_shape {
    int status = 200;
    json::object headers;
    std::string body;
};

receipt finish(status code, std::string reason, std::string message, std::string_view kind,
               std::optional<std::int64_t> webhook_id, reply_shape reply, const json::object* event) {
    receipt r;
    r.webhook_id = webhook_id;
    r.challenge = kind == "challenge";
    r.result = code == status::ok ? outcome{} : outcome::failure(code, "", "");
    r.result.reason = std::move(reason);
    r.result.message = std::move(message);
    json::object doc;
    doc["kind"] = kind;
    if (webhook_id) doc["webhook_id"] = *webhook_id;
    json::object response;
    response["status"] = reply.status;
    response["headers"] = std::move(reply.headers);
    response["body"] = std::move(reply.body);
    doc["response"] = std::move(response);
    if (event != nullptr) doc["event"] = *event;
    r.result.body = json::serialize(doc);
    return r;
}

receipt refuse(status code, std::string reason, std::string message, std::string_view kind,
               std::optional<std::int64_t> webhook_id) {
    const int http = code == status::forbidden ? 403 : code == status::bad_request ? 400 : 500;
    return finish(code, std::move(reason), std::move(message), kind, webhook_id, reply_shape{http, {}, {}}, nullptr);
}

std::string named(std::optional<std::int64_t> id) {
    return id ? "webhook " + std::to_string(*id) : std::string("the webhook");
}

}  // namespace

receipt receive_webhook(const inbound_request& request, const secret_lookup& lookup, replay_guard& guard,
                        std::int64_t now_ms) {
    auto read = read_webhook_payload(request.headers, request.body);
    if (auto* problem = std::get_if<std::string>(&read))
        return refuse(status::bad_request, "not_webhook_payload", "not a webhook payload: " + *problem, "unknown",
                      request.webhook_id);
    webhook_payload& payload = std::get<webhook_payload>(read);
    const std::string_view kind = payload.kind == payload_kind::challenge ? "challenge" : "event";
    if (request.webhook_id && payload.webhook_id && *request.webhook_id != *payload.webhook_id)
        return refuse(status::bad_request, "webhook_id_mismatch",
                      "the request was routed to webhook " + std::to_string(*request.webhook_id) +
                          " but its body names webhook " + std::to_string(*payload.webhook_id),
                      kind, request.webhook_id);
    const std::optional<std::int64_t> id = request.webhook_id ? request.webhook_id : payload.webhook_id;

    // A challenge proves only that this subscriber is listening: echoing it needs no secret.
    if (payload.kind == payload_kind::challenge) {
        reply_shape reply;
        reply.headers[response_header] = payload.challenge;
        reply.headers["Content-Type"] = "application/json";
        reply.body = json::serialize(json::object{{"smartsheetHookResponse", payload.challenge}});
        return finish(status::ok, "challenge", "verification challenge answered", kind, id, std::move(reply), nullptr);
    }

    std::optional<wiped_string> secret = request.secret;
    const bool captured = !secret;
    if (captured && id) secret = lookup(*id, false);
    if (captured && id && !secret) secret = lookup(*id, true);
    if (!secret || secret->empty())
        return refuse(status::config_error, "webhook_secret_unknown",
                      "no shared secret is known for " + named(id) +
                          ": create the webhook (or reset its secret) through this connection, or give the secret",
                      kind, id);
    const auto presented = find_header(request.headers, signature_header);
    if (!presented || presented->empty())
        return refuse(status::forbidden, "signature_missing",
                      "the callback for " + named(id) + " carries no " + std::string(signature_header) + " header",
                      kind, id);
    bool matches = signature_matches(*secret, request.body, *presented);
    if (!matches && captured) {
        // The secret may have been reset by another process since this one read the record.
        if (auto newer = lookup(*id, true); newer && *newer != *secret)
            matches = signature_matches(*newer, request.body, *presented);
    }
    if (!matches)
        return refuse(status::forbidden, "signature_mismatch",
                      "the signature of the callback for " + named(id) + " does not match its shared secret", kind, id);
    if (request.replay_window_ms > 0) {
        const replay_verdict verdict =
            guard.admit(*id, payload.nonce, payload.timestamp_ms, now_ms, request.replay_window_ms);
        if (verdict == replay_verdict::replayed)
            return refuse(status::forbidden, "replayed",
                          "the callback for " + named(id) + " repeats a nonce already accepted", kind, id);
        if (verdict == replay_verdict::stale)
            return refuse(status::forbidden, "stale",
                          "the callback for " + named(id) + " is stamped outside the replay window of " +
                              std::to_string(request.replay_window_ms) + " ms",
                          kind, id);
    }
    return finish(status::ok, "event", "callback accepted", kind, id, reply_shape{}, &payload.document);
}

}  // namespace tether::webhook
