// The revoke endpoint's requests and what its answers mean, for both styles of the manifest's auth.revoke:
// Smartsheet's bearer style and RFC 7009's form. Pure: revocation.cpp sends and acts.
#pragma once

#include <string>
#include <vector>

#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"
#include "plugin/manifest/settings.hpp"
#include "plugin/record/token_record.hpp"

namespace tether::auth {

// One token to revoke and what it is (the RFC 7009 token_type_hint).
struct revoke_target {
    std::string token;
    manifest::revoked_token kind = manifest::revoked_token::access_token;
};

// What to revoke for `r`: the bearer style sends the access token; rfc7009 the manifest's `tokens` the record
// holds — the access token alone when the record has no refresh token, so that something is always revoked.
std::vector<revoke_target> revoke_targets(const manifest::revoke_spec& spec, const record::token_record& r);

// The request revoking `target`. all_for_client adds the manifest's all_param=true (bearer style only).
http::request revoke_request(const manifest::connector_manifest& m, const manifest::resolved_settings& s,
                             const revoke_target& target, bool all_for_client);

enum class revoke_verdict {
    revoked,             // a 2xx: RFC 7009 answers 200 also for a token that was already invalid
    retry_later,         // no answer, 408, 429 or 5xx: the grant may be alive; try again
    refresh_then_retry,  // bearer style, 401: the access token expired; a fresh one can still revoke the grant
    rejected,            // the provider refused: the grant may be alive, and retrying unchanged will not help
};

revoke_verdict judge_revoke_answer(manifest::revoke_style style, const http::response& r);

}  // namespace tether::auth
