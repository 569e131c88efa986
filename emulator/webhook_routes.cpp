// /2.0/webhooks CRUD and resetsharedsecret, per user. A webhook is created disabled ("NEW_NOT_VERIFIED");
// enabling it with PUT sends the verification challenge to its callback URL before answering: "ENABLED" when
// the subscriber echoed it, "DISABLED_VERIFICATION_FAILED" otherwise (webhook_delivery.cpp).
#include "json_body.hpp"
#include "paging.hpp"
#include "webhook_delivery.hpp"

namespace tether::emulator::detail {

namespace {
boost::json::object webhook_json(const webhook_record& hook, const std::string& client_id) {
    boost::json::array events;
    for (const auto& event : hook.events) events.push_back(boost::json::string(event));
    return boost::json::object{{"id", hook.id},
                               {"name", hook.name},
                               {"apiClientId", client_id},
                               {"callbackUrl", hook.callback_url},
                               {"scope", hook.scope},
                               {"scopeObjectId", hook.scope_object_id},
                               {"events", events},
                               {"version", hook.version},
                               {"enabled", hook.enabled},
                               {"status", hook.status},
                               {"sharedSecret", hook.shared_secret},
                               {"createdAt", format_iso8601(hook.created_at)},
                               {"modifiedAt", format_iso8601(hook.modified_at)}};
}

// The user's own webhook named by the path; other users' webhooks do not exist for them.
webhook_record* own_webhook(request_context& ctx) {
    auto it = ctx.state.webhooks.find(ctx.ids.at(0));
    if (it == ctx.state.webhooks.end() || it->second.owner_id != ctx.user_id) return nullptr;
    return &it->second;
}

std::optional<std::vector<std::string>> string_list(const boost::json::value& value) {
    const auto* array = value.if_array();
    if (array == nullptr) return std::nullopt;
    std::vector<std::string> out;
    for (const auto& item : *array) {
        if (!item.is_string()) return std::nullopt;
        out.emplace_back(item.as_string());
    }
    return out;
}
}  // namespace

reply list_webhooks(request_context& ctx) {
    boost::json::array items;
    for (const auto& [id, hook] : ctx.state.webhooks)
        if (hook.owner_id == ctx.user_id) items.push_back(webhook_json(hook, ctx.state.options.client_id));
    return offset_paged(ctx, std::move(items));
}

reply create_webhook(request_context& ctx) {
    parsed_body body = parse_json_body(ctx);
    if (body.error) return *body.error;
    const auto* fields = body.value.if_object();
    if (fields == nullptr) return ctx.error(400, 1008, {"expected a webhook object"});
    for (const char* attribute : {"name", "callbackUrl", "scope", "scopeObjectId", "events", "version"})
        if (!fields->contains(attribute)) return missing_attribute(ctx, std::string("webhook.") + attribute);

    webhook_record hook;
    hook.name = scalar_text(fields->at("name"));
    hook.callback_url = scalar_text(fields->at("callbackUrl"));
    hook.scope = scalar_text(fields->at("scope"));
    const auto scope_object = as_id(fields->at("scopeObjectId"));
    const auto events = string_list(fields->at("events"));
    const auto version = as_id(fields->at("version"));
    if (!scope_object) return ctx.error(400, 1018, {scalar_text(fields->at("scopeObjectId")), "scopeObjectId"});
    if (!events) return ctx.error(400, 1018, {scalar_text(fields->at("events")), "events"});
    if (!version) return ctx.error(400, 1018, {scalar_text(fields->at("version")), "version"});
    if (!callback_url_allowed(hook.callback_url)) return ctx.error(400, 1152, {"callbackUrl"});

    // Only sheet-scoped webhooks, on a sheet the user can see.
    auto sheet = ctx.state.sheets.find(*scope_object);
    if (hook.scope != "sheet" || sheet == ctx.state.sheets.end() || !sheet_access_level(sheet->second, ctx.user_id))
        return ctx.error(400, 1151, {hook.scope, std::to_string(*scope_object)});

    hook.id = ctx.state.next_webhook_id++;
    hook.owner_id = ctx.user_id;
    hook.scope_object_id = *scope_object;
    hook.events = *events;
    hook.version = *version;
    hook.shared_secret = ctx.state.random.alphanumeric(26);
    hook.created_at = hook.modified_at = ctx.now();
    const auto& stored = ctx.state.webhooks[hook.id] = std::move(hook);
    return success_reply(webhook_json(stored, ctx.state.options.client_id));
}

reply get_webhook(request_context& ctx) {
    webhook_record* hook = own_webhook(ctx);
    if (hook == nullptr) return ctx.error(404, 1006);
    return json_reply(200, webhook_json(*hook, ctx.state.options.client_id));
}

reply update_webhook(request_context& ctx) {
    webhook_record* hook = own_webhook(ctx);
    if (hook == nullptr) return ctx.error(404, 1006);
    parsed_body body = parse_json_body(ctx);
    if (body.error) return *body.error;
    const auto* fields = body.value.if_object();
    if (fields == nullptr) return ctx.error(400, 1008, {"expected a webhook object"});

    webhook_record updated = *hook;
    if (fields->contains("name")) updated.name = scalar_text(fields->at("name"));
    if (fields->contains("callbackUrl")) updated.callback_url = scalar_text(fields->at("callbackUrl"));
    if (fields->contains("events")) {
        const auto events = string_list(fields->at("events"));
        if (!events) return ctx.error(400, 1018, {scalar_text(fields->at("events")), "events"});
        updated.events = *events;
    }
    if (fields->contains("enabled")) {
        const auto* enabled = fields->at("enabled").if_bool();
        if (enabled == nullptr) return ctx.error(400, 1018, {scalar_text(fields->at("enabled")), "enabled"});
        updated.enabled = *enabled;
        updated.status = *enabled ? "ENABLED" : "DISABLED_BY_OWNER";
    }
    if (!callback_url_allowed(updated.callback_url)) return ctx.error(400, 1152, {"callbackUrl"});
    if (updated.enabled && !(hook->enabled && hook->callback_url == updated.callback_url)) {
        const bool verified = verify_subscriber(ctx.state, updated);
        updated.enabled = verified;
        updated.status = verified ? "ENABLED" : "DISABLED_VERIFICATION_FAILED";
        updated.callbacks_since_verification = 0;
    }
    updated.modified_at = ctx.now();
    *hook = std::move(updated);
    return success_reply(webhook_json(*hook, ctx.state.options.client_id));
}

reply reset_webhook_secret(request_context& ctx) {
    webhook_record* hook = own_webhook(ctx);
    if (hook == nullptr) return ctx.error(404, 1006);
    hook->former_secrets.push_back(hook->shared_secret);
    hook->shared_secret = ctx.state.random.alphanumeric(26);
    hook->modified_at = ctx.now();
    return success_reply(boost::json::object{{"sharedSecret", hook->shared_secret}, {"webhookId", hook->id}});
}

reply delete_webhook(request_context& ctx) {
    webhook_record* hook = own_webhook(ctx);
    if (hook == nullptr) return ctx.error(404, 1006);
    ctx.state.webhooks.erase(hook->id);
    return success_reply();
}

}  // namespace tether::emulator::detail
