// The revoke endpoint's requests (bearer or RFC 7009 form) and the verdict on its answers.
#include "plugin/auth/revoke_request.hpp"

#include "plugin/auth/client_auth.hpp"

namespace tether::auth {

std::vector<revoke_target> revoke_targets(const manifest::revoke_spec& spec, const record::token_record& r) {
    using manifest::revoked_token;
    if (spec.style == manifest::revoke_style::bearer) return {{r.access_token, revoked_token::access_token}};
    std::vector<revoke_target> targets;
    for (const revoked_token kind : spec.tokens) {
        const std::string& token = kind == revoked_token::refresh_token ? r.refresh_token : r.access_token;
        if (!token.empty()) targets.push_back({token, kind});
    }
    if (targets.empty() && !r.access_token.empty()) targets.push_back({r.access_token, revoked_token::access_token});
    return targets;
}

http::request revoke_request(const manifest::connector_manifest& m, const manifest::resolved_settings& s,
                             const revoke_target& target, bool all_for_client) {
    const manifest::revoke_spec& spec = *m.auth.revoke;
    http::request req;
    req.url = s.revoke_url;
    if (spec.style == manifest::revoke_style::bearer) {
        req.method = spec.method;
        if (all_for_client && !spec.all_param.empty())
            req.url += (req.url.find('?') == std::string::npos ? "?" : "&") + spec.all_param + "=true";
        req.headers.push_back({"Authorization", "Bearer " + target.token});
        return req;
    }
    req.method = "POST";
    const auto form = authenticate_token_request(
        m.auth.client_auth, s.client_id, s.client_secret, target.token,
        {{"token", target.token}, {"token_type_hint", std::string(manifest::to_string(target.kind))}});
    req.body = encode_form(form.fields);
    req.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    req.headers.push_back({"Accept", "application/json"});
    for (const auto& [name, value] : form.headers) req.headers.push_back({name, value});
    return req;
}

revoke_verdict judge_revoke_answer(manifest::revoke_style style, const http::response& r) {
    if (!r.ok()) return revoke_verdict::retry_later;
    if (r.status >= 200 && r.status < 300) return revoke_verdict::revoked;
    if (r.status == 408 || r.status == 429 || r.status >= 500) return revoke_verdict::retry_later;
    if (r.status == 401 && style == manifest::revoke_style::bearer) return revoke_verdict::refresh_then_retry;
    return revoke_verdict::rejected;
}

}  // namespace tether::auth
