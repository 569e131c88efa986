// The authorization-code flow: begin and complete.
#include "plugin/auth/authorization_flow.hpp"

#include <boost/json.hpp>

#include "plugin/auth/authorization.hpp"
#include "plugin/auth/client_auth.hpp"
#include "plugin/auth/grant_answer.hpp"
#include "plugin/auth/random_token.hpp"
#include "plugin/auth/record_changes.hpp"
#include "plugin/auth/token_endpoint.hpp"
#include "plugin/auth/user_probe.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"

namespace tether::auth {

namespace {

// How long a pending authorization stays valid (the user may take a while on the consent screen).
constexpr std::int64_t pending_authorization_ttl_ms = 15 * 60 * 1000;

std::optional<outcome> not_oauth2(const auth_context& ctx) {
    if (ctx.manifest.auth.type != manifest::auth_type::oauth2)
        return outcome::failure(status::config_error, "not_oauth2",
                                "this connector uses API access tokens; use authorize_with_token");
    if (auto missing = missing_client_credentials(ctx.manifest, ctx.settings); !missing.empty())
        return outcome::failure(status::config_error, "client_credentials_missing", missing);
    return std::nullopt;
}

outcome ok_because(std::string reason, const boost::json::object& body) {
    outcome o;
    o.reason = std::move(reason);
    o.body = boost::json::serialize(body);
    return o;
}

}  // namespace

outcome begin_authorization(auth_context& ctx) {
    if (auto refused = not_oauth2(ctx)) return *refused;
    record::pending_authorization pending;
    auto state = random_token(ctx.host, 32);
    auto verifier = ctx.manifest.auth.pkce ? random_token(ctx.host, 48) : std::optional<std::string>("");
    if (!state || !verifier) return random_source_failed(ctx.connection_id);
    pending.state = std::move(*state);
    pending.code_verifier = std::move(*verifier);
    pending.redirect_uri = ctx.settings.redirect_uri;
    pending.created_ms = ctx.provider_now();

    // Starting over is how a user replaces a record tether cannot read.
    const auto stored = ctx.store.update(authorization_pending(pending),
                                         {record::durability::ordinary, true, "the pending authorization"});
    if (stored.failure) return *stored.failure;

    boost::json::object body;
    body["authorize_url"] = build_authorize_url(ctx.manifest, ctx.settings, pending.state, pending.code_verifier);
    body["state"] = pending.state;
    log_event(ctx.host, log_level::info, ctx.connection_id, "authorize", "authorization begun (state {})",
              redact(pending.state));
    return ok_because("authorization_pending", body);
}

outcome complete_authorization(auth_context& ctx, const authorization_response& response) {
    if (auto refused = not_oauth2(ctx)) return *refused;
    callback_params params;
    if (!response.callback_url.empty()) {
        auto parsed = parse_callback_url(response.callback_url);
        if (!parsed)
            return outcome::failure(status::bad_request, "callback_invalid",
                                    "the callback URL carries neither a code nor an error");
        params = std::move(*parsed);
    } else {
        params.code = response.code;
        params.state = response.state;
    }

    // The pending authorization may have been begun by another process: read the store.
    if (auto failure = ctx.store.load(); failure && failure->reason != "record_unreadable") return *failure;
    const auto pending = ctx.store.view().record.pending;
    if (!pending || !constant_time_equal(pending->state, params.state))
        return outcome::failure(status::reconnect_required, "state_mismatch",
                                "the callback's state does not match a pending authorization of connection '" +
                                    ctx.connection_id + "'; start the authorization again");
    if (!params.error.empty()) return callback_error_outcome(params);
    if (ctx.provider_now() - pending->created_ms > pending_authorization_ttl_ms)
        return outcome::failure(status::reconnect_required, "authorization_expired",
                                "the pending authorization is older than 15 minutes; start it again");

    const token_endpoint endpoint(ctx.manifest, ctx.http, ctx.host);
    const token_answer answer =
        endpoint.exchange_code(ctx.settings, params.code, pending->redirect_uri, pending->code_verifier);
    if (const auto* failure = std::get_if<token_failure>(&answer.result)) return new_grant_failure(*failure);
    granted_tokens tokens = granted_from(ctx, std::get<token_grant>(answer.result), answer);
    if (tokens.scopes.empty()) tokens.scopes = ctx.settings.scopes;
    const std::string user_id = probe_user_id(ctx, tokens.access_token);
    if (auto failure = store_new_grant(ctx, grant_authorized(tokens, user_id, ctx.origins), "the new tokens"))
        return *failure;
    log_event(ctx.host, log_level::info, ctx.connection_id, "authorize", "authorized: access {}, refresh {}",
              redact(tokens.access_token), redact(tokens.refresh_token));
    boost::json::object body;
    body["connection_id"] = ctx.connection_id;
    if (!user_id.empty()) body["user_id"] = user_id;
    boost::json::array scopes;
    for (const auto& s : tokens.scopes) scopes.emplace_back(s);
    body["scopes"] = std::move(scopes);
    if (const auto narrowed = scopes_not_granted(ctx.settings.scopes, tokens.scopes); !narrowed.empty()) {
        boost::json::array not_granted;
        for (const auto& s : narrowed) not_granted.emplace_back(s);
        body["scopes_not_granted"] = std::move(not_granted);
        log_event(ctx.host, log_level::warn, ctx.connection_id, "authorize",
                  "the provider granted fewer scopes than requested ({} not granted)", narrowed.size());
    }
    body["expires_in"] = tokens.declared_lifetime_s;
    return ok_because("authorized", body);
}

}  // namespace tether::auth
