// POST /2.0/token (code exchange and refresh, with refresh-token rotation) and DELETE /2.0/token (revoke).
// The checks run in a fixed order so each Smartsheet error code (1067–1073, 1132, 1236–1238) is reachable.
#include <algorithm>

#include "api_errors.hpp"
#include "request_hash.hpp"
#include "routes.hpp"

namespace tether::emulator::detail {

namespace {
// What a gateway in front of Smartsheet sends when the backend took too long.
constexpr std::string_view gateway_timeout_page =
    "<html><head><title>504 Gateway Time-out</title></head><body><h1>504 Gateway Time-out</h1></body></html>";

// The success body, bent by a token-endpoint fault when one fired.
reply token_response(request_context& ctx, const token_pair& pair, const std::optional<fault_rule>& fault) {
    boost::json::object body{
        {"access_token", pair.access_token}, {"token_type", "bearer"}, {"expires_in", pair.expires_in}};
    if (!pair.refresh_token.empty()) body["refresh_token"] = pair.refresh_token;
    if (!fault) return json_reply(200, body);

    ctx.fired_fault = fault_kind_name(fault->kind);
    if (fault->kind == fault_kind::token_missing_field) body.erase(fault->missing_field);
    if (fault->kind == fault_kind::mint_then_fail)
        return reply{504, std::string(gateway_timeout_page), "text/html", {}};
    return json_reply(200, body);
}

std::optional<fault_rule> take_token_fault(request_context& ctx, const std::string& grant_type) {
    return ctx.state.faults.take({ctx.http.method, ctx.http.path, grant_type}, true);
}

bool issues_refresh_token(const std::optional<fault_rule>& fault) {
    return !(fault && fault->kind == fault_kind::token_without_refresh);
}

reply exchange_code(request_context& ctx, const std::string& code) {
    code_record* record = ctx.state.tokens.find_code(code);
    if (record == nullptr || record->used) return token_error(1071, ctx.state.random);
    if (ctx.now() - record->issued_at >= std::chrono::seconds(ctx.state.options.code_ttl_s))
        return token_error(1069, ctx.state.random);

    const auto fault = take_token_fault(ctx, "authorization_code");
    record->used = true;  // single use, whatever happens to the response
    const token_pair pair = ctx.state.tokens.mint(record->user_id, record->scopes, ctx.now(),
                                                  issues_refresh_token(fault), ctx.state.random);
    return token_response(ctx, pair, fault);
}

// Only when the test enabled it (emulator_options::client_credentials_user): Smartsheet has no such grant.
reply client_credentials(request_context& ctx) {
    const emulator_options& options = ctx.state.options;
    if (!ctx.has_param("client_id")) return token_error(1070, ctx.state.random, {"client_id"});
    if (ctx.param("client_id") != options.client_id) return token_error(1067, ctx.state.random);
    if (ctx.param("client_secret") != options.client_secret) return token_error(1238, ctx.state.random);
    std::vector<std::string> scopes;
    const std::string scope = ctx.param("scope");
    for (std::size_t start = 0; start < scope.size();) {
        const std::size_t end = std::min(scope.find(' ', start), scope.size());
        if (end > start) scopes.push_back(scope.substr(start, end - start));
        start = end + 1;
    }
    const auto fault = take_token_fault(ctx, "client_credentials");
    const token_pair pair =
        ctx.state.tokens.mint(*options.client_credentials_user, scopes, ctx.now(), false, ctx.state.random);
    return token_response(ctx, pair, fault);
}

reply refresh(request_context& ctx, const std::string& refresh_token) {
    switch (ctx.state.tokens.check_refresh(refresh_token)) {
        case refresh_verdict::unknown_or_used:
            return token_error(1071, ctx.state.random);
        case refresh_verdict::revoked:
            return token_error(1132, ctx.state.random);
        case refresh_verdict::valid:
            break;
    }
    const auto fault = take_token_fault(ctx, "refresh_token");
    const token_pair pair =
        ctx.state.tokens.refresh(refresh_token, ctx.now(), issues_refresh_token(fault), ctx.state.random);
    return token_response(ctx, pair, fault);
}
}  // namespace

reply token_grant(request_context& ctx) {
    random_source& random = ctx.state.random;
    const emulator_options& options = ctx.state.options;

    const std::string grant_type = ctx.param("grant_type");
    if (grant_type.empty()) return token_error(1070, random, {"grant_type"});
    if (grant_type == "client_credentials" && options.client_credentials_user) return client_credentials(ctx);
    if (grant_type != "authorization_code" && grant_type != "refresh_token") return token_error(1068, random);
    if (!ctx.has_param("client_id")) return token_error(1070, random, {"client_id"});
    if (ctx.param("client_id") != options.client_id) return token_error(1067, random);

    const bool by_code = grant_type == "authorization_code";
    const std::string grant_param = by_code ? "code" : "refresh_token";
    const std::string presented = ctx.param(grant_param);
    if (presented.empty()) return token_error(1070, random, {grant_param});

    // The client proves it knows the secret either by sending it or by hashing it with the grant.
    const bool has_hash = ctx.has_param("hash");
    const bool has_secret = ctx.has_param("client_secret");
    if (!has_hash && !has_secret) return token_error(1236, random);
    if (has_hash && has_secret) return token_error(1237, random);
    if (has_secret && ctx.param("client_secret") != options.client_secret) return token_error(1238, random);
    if (has_hash && ctx.param("hash") != expected_token_hash(options.client_secret, presented))
        return token_error(1072, random);
    if (ctx.has_param("redirect_uri") && ctx.param("redirect_uri") != options.redirect_uri)
        return token_error(1073, random);

    return by_code ? exchange_code(ctx, presented) : refresh(ctx, presented);
}

reply token_revoke(request_context& ctx) {
    if (ctx.param("deleteAllForApiClient") == "true")
        ctx.state.tokens.revoke_user(ctx.user_id);  // one API client in the emulator: all of this user's tokens
    else
        ctx.state.tokens.revoke_pair(ctx.bearer);
    return success_reply();
}

}  // namespace tether::emulator::detail
