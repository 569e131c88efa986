// A grant is sent only to the origins it was issued for.
#include "plugin/auth/origin_binding.hpp"

#include "plugin/http/url_origin.hpp"

namespace tether::auth {

bound_origins origins_of(const manifest::resolved_settings& settings) {
    return {http::origin_of(settings.api_base), http::origin_of(settings.token_url),
            http::origin_of(settings.revoke_url)};
}

bool needs_binding(const record::token_record& r) {
    return r.has_tokens() && r.api_origin.empty() && r.token_origin.empty();
}

std::optional<outcome> origin_refusal(const record::token_record& r, const bound_origins& now, grant_use use,
                                      const std::string& connection_id) {
    if (needs_binding(r)) return std::nullopt;
    std::string bound, named, what;
    switch (use) {
        case grant_use::api_call:
            if (r.api_origin == now.api) return std::nullopt;
            bound = r.api_origin, named = now.api, what = "API";
            break;
        case grant_use::refresh:
            if (r.token_origin == now.token) return std::nullopt;
            bound = r.token_origin, named = now.token, what = "token endpoint";
            break;
        case grant_use::revoke:
            if (now.revoke == r.api_origin || now.revoke == r.token_origin) return std::nullopt;
            bound = r.api_origin, named = now.revoke, what = "revoke endpoint";
            break;
    }
    return outcome::failure(status::reconnect_required, "origin_changed",
                            "connection '" + connection_id + "' holds a grant issued for " +
                                (bound.empty() ? std::string("no ") + what : bound) + ", but its settings now name " +
                                named + " as the " + what +
                                "; tether never sends a grant to another origin: restore the setting, or authorize "
                                "again for the new origin");
}

record::record_change origins_bound(bound_origins now) {
    return [now = std::move(now)](const record::token_record& current) -> std::optional<record::token_record> {
        if (!needs_binding(current)) return std::nullopt;
        record::token_record next = current;
        next.api_origin = now.api;
        next.token_origin = current.api_token ? std::string() : now.token;
        return next;
    };
}

}  // namespace tether::auth
