// API access token connections: stored as handed over, never refreshed.
#include "plugin/auth/api_token.hpp"

#include "plugin/auth/method_choice.hpp"
#include "plugin/auth/record_changes.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"

namespace tether::auth {

outcome store_api_token(auth_context& ctx, const std::string& access_token) {
    if (auto choice = choose_method(ctx.manifest.auth, ctx.settings, manifest::method_kind::api_token); choice.failure)
        return *choice.failure;
    const auto stored = ctx.store.update(api_token_stored(access_token, ctx.provider_now(), ctx.origins),
                                         {record::durability::ordinary, true, "the API access token"});
    if (stored.failure) return *stored.failure;
    log_event(ctx.host, log_level::info, ctx.connection_id, "authorize", "API access token {} stored",
              redact(access_token));
    outcome o;
    o.reason = "authorized";
    return o;
}

std::optional<outcome> adopt_settings_api_token(auth_context& ctx) {
    if (ctx.manifest.auth.type != manifest::auth_type::api_token || ctx.settings.api_token.empty()) return std::nullopt;
    const bool needed = ctx.store.with_view([](const record::record_view& v) {
        return v.record.state == record::connection_state::unauthorized && !v.record.has_tokens();
    });
    if (!needed) return std::nullopt;
    const auto stored = ctx.store.update(api_token_adopted(ctx.settings.api_token, ctx.provider_now(), ctx.origins),
                                         {record::durability::ordinary, false, "the API access token"});
    return stored.failure;
}

}  // namespace tether::auth
