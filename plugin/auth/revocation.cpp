// Revoking a connection's grant at the provider and emptying its record.
#include "plugin/auth/revocation.hpp"

#include "plugin/auth/record_changes.hpp"
#include "plugin/auth/revoke_request.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"

namespace tether::auth {

namespace {

std::string_view action_of(revoke_verdict v) {
    switch (v) {
        case revoke_verdict::revoked:
            return "revoked";
        case revoke_verdict::retry_later:
            return "retry_later";
        case revoke_verdict::refresh_then_retry:
            return "refresh_then_retry";
        case revoke_verdict::rejected:
            break;
    }
    return "rejected";
}

outcome not_confirmed(const std::vector<attempt>& attempts, std::int64_t retry_after_ms) {
    auto o = outcome::failure(status::transient, "revoke_failed",
                              "the provider did not confirm the revocation; the tokens are kept so that revoke "
                              "can be retried");
    o.http_status = attempts.back().http_status;
    o.retry_after_ms = retry_after_ms;
    o.attempts = attempts;
    o.first_failure = attempts.back();
    return o;
}

outcome refused(const std::vector<attempt>& attempts, const std::string& why) {
    auto o =
        outcome::failure(status::bad_request, "revoke_rejected",
                         "the provider refused the revocation (HTTP " + std::to_string(attempts.back().http_status) +
                             ")" + why + "; the grant may still be alive, so the tokens are kept");
    o.http_status = attempts.back().http_status;
    o.attempts = attempts;
    o.first_failure = attempts.front();
    return o;
}

// Sends the revoke requests for `current`; nullopt when the provider confirmed every one.
std::optional<outcome> revoke_at_provider(auth_context& ctx, const revoke_options& options,
                                          const record::token_record& current, std::vector<attempt>& attempts) {
    const manifest::revoke_style style = ctx.manifest.auth.revoke->style;
    std::vector<revoke_target> targets = revoke_targets(*ctx.manifest.auth.revoke, current);
    bool refreshed = false;
    std::size_t next = 0;
    while (next < targets.size()) {
        const http::response r =
            ctx.http.send(revoke_request(ctx.manifest, ctx.settings, targets[next], options.all_for_client));
        const revoke_verdict verdict = judge_revoke_answer(style, r);
        attempt seen;
        seen.http_status = r.status;
        if (!r.ok()) seen.transport_error = std::string(http::to_string(r.error));
        seen.action = std::string(action_of(verdict));
        attempts.push_back(seen);
        switch (verdict) {
            case revoke_verdict::revoked:
                ++next;
                continue;
            case revoke_verdict::retry_later:
                return not_confirmed(attempts, 5000);
            case revoke_verdict::rejected:
                return refused(attempts, "");
            case revoke_verdict::refresh_then_retry:
                break;
        }
        if (refreshed || !options.refresh)
            return refused(attempts, refreshed ? " also with a freshly refreshed token" : "");
        refreshed = true;
        // The refresh asks the provider whether anything of the grant is alive: a fresh token to revoke it
        // with, or the verdict that it is dead (its refresh token refused, or an API token) — which is what
        // the revoke was for.
        const outcome fresh = options.refresh(targets[next].token);
        if (fresh.code == status::reconnect_required) {
            attempts.back().action = "already_dead";
            return std::nullopt;
        }
        if (fresh.code == status::transient) return not_confirmed(attempts, fresh.retry_after_ms);
        if (fresh.code != status::ok)
            return refused(attempts, ", and refreshing the expired token failed (" + fresh.reason + ")");
        targets[next].token = ctx.store.view().record.access_token;
    }
    return std::nullopt;
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
        if (auto failure = revoke_at_provider(ctx, options, current, result.attempts)) return *failure;
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
