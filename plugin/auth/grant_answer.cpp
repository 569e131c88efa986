// What a token endpoint's answer means for a connection.
#include "plugin/auth/grant_answer.hpp"

#include "plugin/core/time_bounds.hpp"
#include "plugin/host/log.hpp"
#include "plugin/http/clock_skew.hpp"

namespace tether::auth {

granted_tokens granted_from(const auth_context& ctx, const token_grant& grant, const token_answer& answer) {
    if (answer.date_header) ctx.skew.observe(answer.received_local_ms, *answer.date_header);
    granted_tokens tokens;
    tokens.access_token = grant.access_token;
    tokens.refresh_token = grant.refresh_token;
    const auto date =
        answer.date_header ? http::believable_date(answer.received_local_ms, *answer.date_header) : std::nullopt;
    tokens.issued_at_ms = date ? *date : ctx.skew.provider_now(answer.received_local_ms);
    tokens.declared_lifetime_s = grant.expires_in_s.value_or(ctx.manifest.auth.refresh.default_expires_in.value_or(0));
    if (grant.expires_in_clamped)
        log_event(ctx.host, log_level::warn, ctx.connection_id, "token",
                  "the token endpoint declared a lifetime beyond {} s (expires_in); planning on {} s", max_lifetime_s,
                  tokens.declared_lifetime_s);
    tokens.scopes = grant.scopes;
    return tokens;
}

outcome token_failure_outcome(const token_failure& failure, status code) {
    auto o = outcome::failure(code, failure.reason, failure.message);
    o.http_status = failure.seen.http_status;
    o.provider_code = failure.seen.provider_code;
    o.ref_id = failure.seen.ref_id;
    o.attempts.push_back(failure.seen);
    o.first_failure = failure.seen;
    return o;
}

std::optional<outcome> store_new_grant(auth_context& ctx, record::record_change change, std::string_view what) {
    const auto stored = ctx.store.update(std::move(change), {record::durability::must_keep, true, what});
    if (!stored.failure) return std::nullopt;
    outcome held = *stored.failure;
    held.message += "; " + std::string(what) + " are held in memory and stored at the next opportunity";
    return held;
}

outcome new_grant_failure(const token_failure& failure) {
    using manifest::error_action;
    const status code = failure.action == error_action::reconnect      ? status::reconnect_required
                        : failure.action == error_action::config_error ? status::config_error
                                                                       : status::transient;
    auto o = token_failure_outcome(failure, code);
    if (code == status::transient) o.retry_after_ms = failure.retry_after_ms.value_or(1000);
    return o;
}

}  // namespace tether::auth
