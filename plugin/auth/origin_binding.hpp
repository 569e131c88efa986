// A grant is bound to the origins (scheme://host:port) it was issued for: its access token only ever goes to
// the API origin, its refresh token and the client's proof only to the token endpoint's. When a connection's
// settings name another origin later (a changed base_url, region or token URL), nothing of the grant is sent:
// the verb answers RECONNECT_REQUIRED (origin_changed), naming both origins, before any request. Pure.
#pragma once

#include <optional>
#include <string>

#include "plugin/core/outcome.hpp"
#include "plugin/manifest/settings.hpp"
#include "plugin/record/record_store.hpp"
#include "plugin/record/token_record.hpp"

namespace tether::auth {

// The origins a connection's settings name now.
struct bound_origins {
    std::string api;     // of api_base
    std::string token;   // of token_url ("" for API-token connectors)
    std::string revoke;  // of revoke_url ("" when the manifest declares no revoke endpoint)
};

bound_origins origins_of(const manifest::resolved_settings& settings);

// What a verb is about to send the grant for.
enum class grant_use {
    api_call,  // the access token, to the API origin
    refresh,   // the refresh token and the client's proof, to the token endpoint's origin
    revoke,    // the access token, to the revoke endpoint (which must be one of the grant's origins)
};

// nullopt when the record's grant may be sent for `use` under the settings' origins `now` (also when the
// record names no origin yet: a record written before grants were bound, bound on this use); otherwise the
// RECONNECT_REQUIRED outcome (reason origin_changed) that names both origins.
std::optional<outcome> origin_refusal(const record::token_record& r, const bound_origins& now, grant_use use,
                                      const std::string& connection_id);

// True when the record holds a grant not yet bound to origins.
bool needs_binding(const record::token_record& r);

// Binds an unbound grant to `now` (trust on first use, for records of an earlier tether).
record::record_change origins_bound(bound_origins now);

}  // namespace tether::auth
