// Connecting with the client credentials grant.
#include "plugin/auth/client_credentials.hpp"

#include <boost/json.hpp>

#include "plugin/auth/grant_answer.hpp"
#include "plugin/auth/method_choice.hpp"
#include "plugin/auth/record_changes.hpp"
#include "plugin/auth/token_endpoint.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"

namespace tether::auth {

std::vector<std::string> client_credentials_scopes(const manifest::auth_spec& auth, const std::string& method) {
    for (const auto* m : auth.methods_of(manifest::method_kind::client_credentials))
        if (m->name == method) return m->scopes;
    return {};
}

outcome connect_with_client_credentials(auth_context& ctx) {
    const auto choice = choose_method(ctx.manifest.auth, ctx.settings, manifest::method_kind::client_credentials);
    if (choice.failure) return *choice.failure;
    const manifest::auth_method& method = *choice.method;

    const token_endpoint endpoint(ctx.manifest, ctx.http, ctx.host);
    const token_answer answer = endpoint.client_credentials(ctx.settings, method.scopes);
    if (const auto* failure = std::get_if<token_failure>(&answer.result)) return new_grant_failure(*failure);
    granted_tokens tokens = granted_from(ctx, std::get<token_grant>(answer.result), answer);
    if (tokens.scopes.empty()) tokens.scopes = method.scopes;
    tokens.refresh_token.clear();  // nothing refreshes this grant but the client's credentials
    if (auto failure = store_new_grant(ctx, client_credentials_granted(tokens, method.name, ctx.origins),
                                       "the client credentials tokens"))
        return *failure;
    log_event(ctx.host, log_level::info, ctx.connection_id, "authorize", "client credentials token {} ({})",
              redact(tokens.access_token), method.name);
    boost::json::object body;
    body["connection_id"] = ctx.connection_id;
    body["auth_method"] = method.name;
    boost::json::array scopes;
    for (const auto& s : tokens.scopes) scopes.emplace_back(s);
    body["scopes"] = std::move(scopes);
    body["expires_in"] = tokens.declared_lifetime_s;
    outcome o;
    o.reason = "authorized";
    o.body = boost::json::serialize(body);
    return o;
}

}  // namespace tether::auth
