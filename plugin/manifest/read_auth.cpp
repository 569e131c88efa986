// Reads the `auth` section: how a connection gets, keeps, revokes and checks its credentials.
#include <algorithm>
#include <array>
#include <map>

#include "plugin/core/time_bounds.hpp"
#include "plugin/manifest/json_pointer.hpp"
#include "plugin/manifest/sections.hpp"
#include "plugin/manifest/url_rules.hpp"

namespace tether::manifest::detail {
namespace {

// Authorize URL parameters tether sets itself; a manifest may not set them in authorize_params.
constexpr std::array<std::string_view, 7> reserved_authorize_params{
    "response_type", "client_id", "redirect_uri", "scope", "state", "code_challenge", "code_challenge_method"};

// Keys that only mean something for oauth2.
constexpr std::array<std::string_view, 6> oauth2_only_keys{"token_url",        "client_auth", "pkce",
                                                           "authorize_params", "scopes",      "refresh"};

// A URL template that is either a path relative to the API base ("/token") or absolute.
std::optional<string_template> read_endpoint(reading& ctx, mapping& m, std::string_view key) {
    const field* f = m.find(key);
    if (!f) return std::nullopt;
    std::string subject = m.subject(key);
    auto url = read_template(ctx.report, *f, subject);
    if (!url) return std::nullopt;
    if (url->text.front() != '/') {
        if (auto problem = url_template_problem(*url)) {
            ctx.report.error(f->value_mark(),
                             fmt::format("{} must be a path starting with '/' (relative to the API base) "
                                         "or an absolute URL; URL '{}' {}",
                                         subject, url->text, *problem));
            return std::nullopt;
        }
    }
    reference_url_settings(ctx, *url, *f, subject);
    return url;
}

void read_credentials(reading& ctx, mapping& auth, auth_type type, std::optional<client_auth_method> client_auth) {
    auto m = auth.nested("credentials", "'auth.credentials'",
                         {"client_id", "client_secret", "redirect_uri", "api_token"}, mapping::required);
    if (!m || !m->valid()) return;
    credential_settings& creds = ctx.model.auth.credentials;
    auto take = [&](std::string_view key, std::string& into, setting_use use, mapping::need n) {
        if (auto name = m->string(key, n)) {
            into = *name;
            ctx.refs.settings.push_back(setting_ref{*name, use, m->find(key)->value_mark(), m->subject(key)});
        }
    };
    if (type == auth_type::api_token) {
        take("api_token", creds.api_token, setting_use::api_token, mapping::required);
        for (std::string_view key : {"client_id", "client_secret", "redirect_uri"})
            if (const field* f = m->find(key))
                ctx.report.error(f->key_mark(),
                                 fmt::format("{} does not apply to auth type api_token", m->subject(key)));
        return;
    }
    take("client_id", creds.client_id, setting_use::client_id, mapping::required);
    bool public_client = client_auth == client_auth_method::none;
    if (public_client) {
        if (const field* f = m->find("client_secret"))
            ctx.report.error(f->key_mark(), fmt::format("{} does not apply to client_auth none (a public client sends "
                                                        "no secret)",
                                                        m->subject("client_secret")));
    } else {
        take("client_secret", creds.client_secret, setting_use::client_secret, mapping::required);
    }
    take("redirect_uri", creds.redirect_uri, setting_use::redirect_uri, mapping::optional);
    if (const field* f = m->find("api_token"))
        ctx.report.error(f->key_mark(), fmt::format("{} applies only to auth type api_token", m->subject("api_token")));
}

void read_scopes(reading& ctx, mapping& auth) {
    auto m = auth.nested("scopes", "'auth.scopes'", {"setting", "separator", "always", "known"});
    if (!m || !m->valid()) return;
    scope_spec& scopes = ctx.model.auth.scopes;
    if (auto name = m->string("setting")) {
        scopes.setting = *name;
        ctx.refs.settings.push_back(
            setting_ref{*name, setting_use::scopes, m->find("setting")->value_mark(), m->subject("setting")});
    }
    if (auto separator = m->string("separator")) scopes.separator = *separator;
    if (auto known = m->string_list("known")) {
        const field* f = m->find("known");
        for (std::size_t i = 0; i < known->size(); ++i) {
            auto first = known->begin() + static_cast<std::ptrdiff_t>(i);
            if (std::find(known->begin(), first, *first) != first)
                ctx.report.error(f->value[i].Mark(),
                                 fmt::format("scope '{}' appears twice in {}", *first, m->subject("known")));
        }
        scopes.known = std::move(*known);
    }
    if (auto always = m->string_list("always")) {
        const field* f = m->find("always");
        for (std::size_t i = 0; i < always->size(); ++i)
            ctx.refs.scopes.push_back(name_ref{(*always)[i], f->value[i].Mark(), m->subject("always")});
        scopes.always = std::move(*always);
    }
}

void read_refresh(reading& ctx, mapping& auth) {
    auto m = auth.nested("refresh", "'auth.refresh'",
                         {"proactive_at", "jitter", "rotates_refresh_token", "default_expires_in"});
    if (!m || !m->valid()) return;
    refresh_policy& refresh = ctx.model.auth.refresh;
    auto proactive = m->number("proactive_at", 0.1, 0.99);
    auto jitter = m->number("jitter", 0.0, 0.5);
    if (proactive) refresh.proactive_at = *proactive;
    if (jitter) refresh.jitter = *jitter;
    if ((proactive || jitter) &&
        (refresh.proactive_at + refresh.jitter >= 1.0 || refresh.proactive_at - refresh.jitter <= 0.0)) {
        const field* f = m->find(jitter ? "jitter" : "proactive_at");
        ctx.report.error(f->value_mark(), fmt::format("'auth.refresh': proactive_at ± jitter ({} ± {}) must stay "
                                                      "between 0 and 1 of the token lifetime",
                                                      refresh.proactive_at, refresh.jitter));
    }
    if (auto rotates = m->boolean("rotates_refresh_token")) refresh.rotates_refresh_token = *rotates;
    if (auto expires = m->integer("default_expires_in", 1, max_lifetime_s)) refresh.default_expires_in = *expires;
}

// The rfc7009 style's tokens: a list of token words, each at most once.
std::vector<revoked_token> read_revoked_tokens(reading& ctx, mapping& m) {
    std::vector<revoked_token> tokens;
    const field* f = m.find("tokens");
    auto words = m.string_list("tokens");
    if (!words) return {revoked_token::refresh_token};
    for (std::size_t i = 0; i < words->size(); ++i) {
        const std::string subject = fmt::format("entry {} of {}", i + 1, m.subject("tokens"));
        auto token = read_choice(ctx.report, f->value[i], f->value_mark(), subject, revoked_tokens());
        if (!token) continue;
        if (std::find(tokens.begin(), tokens.end(), *token) != tokens.end())
            ctx.report.error(f->value[i].Mark(),
                             fmt::format("'{}' appears twice in {}", (*words)[i], m.subject("tokens")));
        else
            tokens.push_back(*token);
    }
    return tokens;
}

void read_revoke(reading& ctx, mapping& auth, std::optional<auth_type> type) {
    auto m = auth.nested("revoke", "'auth.revoke'", {"style", "method", "url", "all_param", "tokens"});
    if (!m || !m->valid()) return;
    revoke_spec revoke;
    if (auto style = m->choice("style", revoke_styles())) revoke.style = *style;
    if (auto method = m->choice("method", http_methods())) revoke.method = std::string(to_string(*method));
    m->require("url");
    if (auto url = read_endpoint(ctx, *m, "url")) revoke.url = std::move(*url);
    if (auto all = m->string("all_param")) revoke.all_param = *all;
    if (revoke.style == revoke_style::rfc7009) {
        // The standard style is a form POST authenticated like a token request; it has no "every token" switch.
        if (const field* f = m->find("method"); f && revoke.method != "POST")
            ctx.report.error(f->value_mark(), fmt::format("{} must be POST with style rfc7009", m->subject("method")));
        if (const field* f = m->find("all_param"))
            ctx.report.error(f->key_mark(), fmt::format("{} does not apply to style rfc7009", m->subject("all_param")));
        if (type == auth_type::api_token)
            ctx.report.error(m->find("style")->value_mark(),
                             fmt::format("{} rfc7009 authenticates the client, which auth type api_token has not",
                                         m->subject("style")));
        revoke.method = "POST";
        revoke.tokens = read_revoked_tokens(ctx, *m);
    } else if (const field* f = m->find("tokens")) {
        ctx.report.error(f->key_mark(),
                         fmt::format("{} applies only to style rfc7009 (the bearer style revokes the grant of the "
                                     "access token it sends)",
                                     m->subject("tokens")));
    }
    ctx.model.auth.revoke = std::move(revoke);
}

// auth.methods: name → {type, scopes}. Client credentials use the token endpoint and client credentials of
// an oauth2 `auth`. Two methods of one kind (auth.type counting as one) need the `auth_method` setting.
void read_methods(reading& ctx, mapping& auth, std::optional<auth_type> type,
                  std::optional<client_auth_method> client_auth) {
    const field* section = auth.find("methods");
    if (!section) return;
    auto entries = mapping::dictionary(ctx.report, section->value, section->key_mark(), "'auth.methods'", "method");
    std::map<method_kind, std::string> first_of_kind;
    if (type == auth_type::api_token) first_of_kind[method_kind::api_token] = "auth.type";
    for (const field& entry : entries.fields()) {
        auto m = mapping::section(ctx.report, entry.value, entry.key_mark(),
                                  fmt::format("method '{}' in 'auth.methods'", entry.name), {"type", "scopes"});
        if (!m.valid()) continue;
        auto kind = m.choice("type", method_kinds(), mapping::required);
        if (!kind) continue;
        auth_method method{entry.name, *kind, {}};
        if (*kind == method_kind::client_credentials) {
            if (type == auth_type::api_token || client_auth == client_auth_method::none)
                ctx.report.error(m.find("type")->value_mark(),
                                 fmt::format("{} client_credentials needs auth type oauth2 with a client secret (it "
                                             "uses the token endpoint and the client's credentials)",
                                             m.subject("type")));
            if (auto scopes = m.string_list("scopes")) {
                const field* f = m.find("scopes");
                for (std::size_t i = 0; i < scopes->size(); ++i)
                    ctx.refs.scopes.push_back(name_ref{(*scopes)[i], f->value[i].Mark(), m.subject("scopes")});
                method.scopes = std::move(*scopes);
            }
        } else if (const field* f = m.find("scopes")) {
            ctx.report.error(f->key_mark(),
                             fmt::format("{} applies only to type client_credentials", m.subject("scopes")));
        }
        auto [first, fresh] = first_of_kind.try_emplace(*kind, entry.name);
        const setting* chooser = ctx.model.find_setting(auth_method_setting);
        const bool reported_elsewhere = !chooser && ctx.refs.declared_settings.count(auth_method_setting) > 0;
        if (!fresh && !reported_elsewhere && !(chooser && chooser->spec.type == value_type::string))
            ctx.report.error(entry.key_mark(),
                             fmt::format("method '{}' in 'auth.methods' is {}, like '{}': declare a string setting "
                                         "'{}' that names the method a connection uses",
                                         entry.name, to_string(*kind), first->second, auth_method_setting));
        ctx.model.auth.methods.push_back(std::move(method));
    }
}

void read_probe(reading& ctx, mapping& auth) {
    auto m = auth.nested("probe", "'auth.probe'", {"operation", "user_id"}, mapping::required);
    if (!m || !m->valid()) return;
    probe_spec& probe = ctx.model.auth.probe;
    if (auto name = m->string("operation", mapping::required)) {
        probe.operation = *name;
        ctx.refs.probe = name_ref{*name, m->find("operation")->value_mark(), m->subject("operation")};
    }
    if (auto pointer = m->string("user_id")) {
        if (auto problem = json_pointer_problem(*pointer))
            ctx.report.error(m->find("user_id")->value_mark(), fmt::format("{} {}", m->subject("user_id"), *problem));
        else
            probe.user_id_pointer = *pointer;
    }
}

void read_authorize_params(reading& ctx, mapping& auth) {
    const field* f = auth.find("authorize_params");
    if (!f) return;
    auto params = mapping::dictionary(ctx.report, f->value, f->key_mark(), "'auth.authorize_params'", "parameter");
    for (const field& p : params.fields()) {
        if (std::find(reserved_authorize_params.begin(), reserved_authorize_params.end(), p.name) !=
            reserved_authorize_params.end()) {
            ctx.report.error(p.key_mark(), fmt::format("authorize parameter '{}' is set by tether; remove it from "
                                                       "'auth.authorize_params'",
                                                       p.name));
            continue;
        }
        if (auto text = read_string(ctx.report, p.value, p.key_mark(), params.subject(p.name)))
            ctx.model.auth.authorize_params.emplace_back(p.name, *text);
    }
}

}  // namespace

void read_auth(mapping& root, reading& ctx) {
    auto m = root.nested("auth", "'auth'",
                         {"type", "token_url", "client_auth", "pkce", "credentials", "scopes", "authorize_params",
                          "refresh", "revoke", "probe", "methods"},
                         mapping::required);
    if (!m || !m->valid()) return;
    auth_spec& auth = ctx.model.auth;
    auto type = m->choice("type", auth_types(), mapping::required);
    if (type) {
        auth.type = *type;
        ctx.refs.auth_read = true;
    }

    std::optional<client_auth_method> client_auth;
    if (type == auth_type::api_token) {
        for (std::string_view key : oauth2_only_keys)
            if (const field* f = m->find(key))
                ctx.report.error(f->key_mark(),
                                 fmt::format("{} does not apply to auth type api_token", m->subject(key)));
    } else if (type == auth_type::oauth2) {
        m->require("token_url");
        if (auto url = read_endpoint(ctx, *m, "token_url")) auth.token_url = std::move(*url);
        client_auth = m->choice("client_auth", client_auth_methods(), mapping::required);
        if (client_auth) auth.client_auth = *client_auth;
        if (auto pkce = m->boolean("pkce")) auth.pkce = *pkce;
        if (client_auth == client_auth_method::none && !auth.pkce)
            ctx.report.error(m->find("client_auth")->value_mark(),
                             "'client_auth' in 'auth' is none (a public client), which requires 'pkce: true'");
        read_scopes(ctx, *m);
        read_authorize_params(ctx, *m);
        read_refresh(ctx, *m);
    }
    if (type) read_credentials(ctx, *m, *type, client_auth);
    read_revoke(ctx, *m, type);
    read_methods(ctx, *m, type, client_auth);
    read_probe(ctx, *m);
}

}  // namespace tether::manifest::detail
