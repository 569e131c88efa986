// Finding, redacting and keeping a webhook's shared secret.
#include "plugin/webhook/secret_capture.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "plugin/core/redact.hpp"
#include "plugin/manifest/json_pointer.hpp"

namespace tether::webhook {

namespace json = boost::json;

namespace {

std::optional<std::int64_t> webhook_id_of(const json::value* id) {
    if (id == nullptr) return std::nullopt;
    if (id->is_int64() && id->get_int64() > 0) return id->get_int64();
    if (id->is_uint64() && id->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(id->get_uint64());
    return std::nullopt;
}

// One webhook object: its secret replaced by the redacted form, when it has both a secret and an id.
std::optional<captured_secret> take_one(const manifest::webhook_secret_spec& spec, json::value& webhook) {
    // find_at hands out a const view; the document is ours to change.
    auto* secret = const_cast<json::value*>(manifest::find_at(webhook, spec.secret));
    const auto id = webhook_id_of(manifest::find_at(webhook, spec.webhook_id));
    if (secret == nullptr || !secret->is_string() || secret->get_string().empty() || !id) return std::nullopt;
    captured_secret out{*id, std::string(secret->get_string())};
    json::string& held = secret->get_string();
    std::fill(held.begin(), held.end(), '\0');  // the parsed copy of the secret is not left behind
    *secret = redact(out.secret);
    return out;
}

}  // namespace

std::vector<captured_secret> take_webhook_secrets(const manifest::webhook_secret_spec& spec, std::string& body) {
    std::vector<captured_secret> out;
    json::error_code ec;
    json::value doc = json::parse(body, ec);
    if (ec) return out;
    if (spec.each.empty()) {
        if (auto one = take_one(spec, doc)) out.push_back(std::move(*one));
    } else if (auto* list = const_cast<json::value*>(manifest::find_at(doc, spec.each)); list && list->is_array()) {
        for (auto& item : list->get_array())
            if (auto one = take_one(spec, item)) out.push_back(std::move(*one));
    }
    if (out.empty()) return out;
    wipe(body);
    body = json::serialize(doc);
    return out;
}

record::record_change webhook_secret_captured(std::int64_t webhook_id, wiped_string secret, std::int64_t now_ms) {
    return [webhook_id, secret = std::move(secret),
            now_ms](const record::token_record& current) -> std::optional<record::token_record> {
        if (const auto it = current.webhooks.find(webhook_id);
            it != current.webhooks.end() && it->second.secret == secret)
            return std::nullopt;
        record::token_record next = current;
        next.webhooks[webhook_id] = record::webhook_secret{secret, now_ms};
        while (next.webhooks.size() > record::max_webhook_secrets) {
            const auto oldest = std::min_element(
                next.webhooks.begin(), next.webhooks.end(),
                [](const auto& a, const auto& b) { return a.second.captured_at_ms < b.second.captured_at_ms; });
            next.webhooks.erase(oldest);
        }
        return next;
    };
}

}  // namespace tether::webhook
