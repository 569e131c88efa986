// Revoking a connection's grant at the provider and emptying its record.
#include "plugin/auth/revocation.hpp"

#include "plugin/auth/record_changes.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"

namespace tether::auth {

namespace {

std::string revoke_url(const auth_context& ctx, const revoke_options& options) {
    std::string url = ctx.settings.revoke_url;
    if (options.all_for_client)
        url += (url.find('?') == std::string::npos ? "?" : "&") + ctx.manifest.auth.revoke->all_param + "=true";
    return url;
}

}  // namespace

outcome revoke_grant(auth_context& ctx, const revoke_options& options) {
    const bool declared = ctx.manifest.auth.revoke.has_value() && !ctx.settings.revoke_url.empty();
    if (options.all_for_client && (!declared || ctx.manifest.auth.revoke->all_param.empty()))
        return outcome::failure(status::bad_request, "revoke_all_unsupported",
                                "the manifest declares no 'auth.revoke.all_param': this connector cannot revoke "
                                "every token of the app for the user");
    // Read the store, not the view: the grant to revoke may be a sibling's newer one.
    if (auto failure = ctx.store.load(); failure && failure->reason != "record_unreadable") return *failure;
    const record::token_record current = ctx.store.view().record;

    outcome result;
    result.reason = "revoked";
    if (current.has_tokens() && declared) {
        if (auto refused = origin_refusal(current, ctx.origins, grant_use::revoke, ctx.connection_id)) return *refused;
        http::request req;
        req.method = ctx.manifest.auth.revoke->method;
        req.url = revoke_url(ctx, options);
        req.headers.push_back({"Authorization", "Bearer " + current.access_token});
        const http::response r = ctx.http.send(req);
        attempt seen;
        seen.http_status = r.status;
        if (!r.ok()) seen.transport_error = std::string(http::to_string(r.error));
        const bool done = r.ok() && ((r.status >= 200 && r.status < 300) || r.status == 401);
        seen.action = done ? "revoked" : "retry_later";
        result.attempts.push_back(seen);
        if (!done) {
            auto o = outcome::failure(status::transient, "revoke_failed",
                                      "the provider did not confirm the revocation; the tokens are kept so that "
                                      "revoke can be retried");
            o.http_status = r.status;
            o.retry_after_ms = 5000;
            o.attempts = result.attempts;
            o.first_failure = seen;
            return o;
        }
    }
    const auto stored = ctx.store.update(revoked(), {record::durability::must_keep, true, "the revoked record"});
    if (stored.failure) {
        outcome held = *stored.failure;
        held.message += "; the grant is revoked at the provider, and the emptied record is held in memory until "
                        "it can be stored";
        held.attempts = result.attempts;
        return held;
    }
    log_event(ctx.host, log_level::info, ctx.connection_id, "revoke", "tokens revoked{} and cleared (access {})",
              options.all_for_client ? " (every token of the app for the user)" : "", redact(current.access_token));
    return result;
}

}  // namespace tether::auth
