// A connection's refresh, from the decision to the recorded answer.
#include "plugin/auth/refresher.hpp"

#include "plugin/auth/client_credentials.hpp"
#include "plugin/auth/grant_answer.hpp"
#include "plugin/auth/random_token.hpp"
#include "plugin/auth/reconnect_verdict.hpp"
#include "plugin/auth/record_changes.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"

namespace tether::auth {

namespace {

outcome ok_because(std::string reason) {
    outcome o;
    o.reason = std::move(reason);
    return o;
}

// A refresh needs at least this much of a call's budget: less cannot carry a token request.
constexpr std::int64_t minimum_refresh_budget_ms = 1'000;

outcome out_of_budget(const std::string& connection_id) {
    auto o = outcome::failure(status::transient, "budget_exhausted",
                              "the call's time budget ended before the tokens of connection '" + connection_id +
                                  "' could be refreshed; try the call again");
    o.retry_after_ms = minimum_refresh_budget_ms;
    return o;
}

}  // namespace

refresher::refresher(auth_context& ctx, std::function<void(bool)> on_attempt)
    : ctx_(ctx),
      endpoint_(ctx.manifest, ctx.http, ctx.host),
      flight_(ctx.connection_id, ctx.host),
      on_attempt_(std::move(on_attempt)) {}

outcome refresher::run(const refresh_request& request, std::optional<lifetime_lesson> lesson) {
    const std::int64_t deadline = request.deadline_ms;
    if (deadline != 0 && ctx_.host.now_ms() + minimum_refresh_budget_ms > deadline)
        return out_of_budget(ctx_.connection_id);
    std::string lease_owner;
    if (ctx_.host.has_lease()) {
        auto owner = random_token(ctx_.host, 12);
        if (!owner) return random_source_failed(ctx_.connection_id);
        lease_owner = std::move(*owner);
    }
    // While another process holds the lease, its result may land in the store: then there is nothing to do.
    const auto ticket = flight_.enter(lease_owner, [&] {
        if (ctx_.store.load()) return false;
        const auto r = ctx_.store.view().record;
        return decide_refresh(r, ctx_.plan_for(r), ctx_.provider_now(), request).action == refresh_action::adopt;
    }, deadline);
    if (ticket.out_of_time()) return out_of_budget(ctx_.connection_id);
    if (ticket.done_elsewhere()) return ok_because("adopted");
    return act(request, std::move(lesson));
}

// Under the single flight: read the record again (a sibling may have refreshed or judged the grant while we
// waited), decide, and carry the decision out.
outcome refresher::act(const refresh_request& request, std::optional<lifetime_lesson> lesson) {
    if (auto failure = read_record(ctx_, false)) return *failure;
    const record::token_record current = ctx_.store.view().record;
    const auto decision = decide_refresh(current, ctx_.plan_for(current), ctx_.provider_now(), request);
    switch (decision.action) {
        case refresh_action::not_usable: return not_usable(ctx_, current);
        case refresh_action::adopt: return ok_because("adopted");
        case refresh_action::not_needed: return ok_because(current.api_token ? "api_token" : "fresh");
        case refresh_action::wait: {
            auto o = outcome::failure(status::transient, "refresh_cooling_down",
                                      "the last refresh of connection '" + ctx_.connection_id +
                                          "' failed; tether waits before trying again");
            o.retry_after_ms = decision.wait_ms;
            return o;
        }
        case refresh_action::reconnect:
            if (decision.reason == "api_token_invalid")
                return record_reconnect_verdict(ctx_, current.access_token, decision.reason,
                                                "the API access token " + redact(current.access_token) +
                                                    " was rejected; API tokens cannot be refreshed — create a "
                                                    "new one");
            return record_reconnect_verdict(ctx_, current.access_token, decision.reason,
                                            "the connection holds no refresh token; authorize again to obtain one");
        case refresh_action::refresh_now: return exchange(current, std::move(lesson), request.deadline_ms);
    }
    return outcome::failure(status::internal, "refresh_decision", "an unknown refresh decision");
}

outcome refresher::exchange(const record::token_record& current, std::optional<lifetime_lesson> lesson,
                            std::int64_t deadline_ms) {
    if (auto refused = origin_refusal(current, ctx_.origins, grant_use::refresh, ctx_.connection_id)) return *refused;
    log_event(ctx_.host, log_level::info, ctx_.connection_id, "refresh", "refreshing (access {}, refresh {})",
              redact(current.access_token), redact(current.refresh_token));
    const std::int64_t started = ctx_.provider_now();
    // One budget covers a call: its token request gets what is left of it.
    std::int64_t timeout = 0;
    if (deadline_ms != 0) {
        timeout = deadline_ms - ctx_.host.now_ms();
        if (timeout < minimum_refresh_budget_ms) return out_of_budget(ctx_.connection_id);
    }
    const token_answer answer =
        current.client_credentials_method.empty()
            ? endpoint_.refresh(ctx_.settings, current.refresh_token, timeout)
            : endpoint_.client_credentials(
                  ctx_.settings, client_credentials_scopes(ctx_.manifest.auth, current.client_credentials_method),
                  timeout);
    if (answer.date_header) ctx_.skew.observe(answer.received_local_ms, *answer.date_header);
    const auto* grant = std::get_if<token_grant>(&answer.result);
    if (on_attempt_) on_attempt_(grant != nullptr);

    if (grant == nullptr) {
        const auto& failure = std::get<token_failure>(answer.result);
        using manifest::error_action;
        if (failure.action == error_action::reconnect) return grant_rejected(failure, current);
        return refresh_failed_for_now(failure, current,
                                      failure.action == error_action::config_error ? status::config_error
                                                                                   : status::transient);
    }

    const granted_tokens tokens = granted_from(ctx_, *grant, answer);
    if (lesson)
        log_event(ctx_.host, log_level::warn, ctx_.connection_id, "refresh",
                  "a token died at {} s of a declared {} s: learned lifetime now {} s", lesson->death_age_ms / 1000,
                  current.declared_lifetime_s, lesson->learned_ms / 1000);
    const auto stored = ctx_.store.update(
        tokens_refreshed(tokens, current.access_token, started, ctx_.manifest.auth.refresh.rotates_refresh_token,
                         lesson),
        {record::durability::must_keep, false, "the refreshed tokens"});
    log_event(ctx_.host, log_level::info, ctx_.connection_id, "refresh", "refreshed: access {}, refresh {}",
              redact(tokens.access_token), redact(tokens.refresh_token));

    outcome result = ok_because(stored.applied ? "refreshed" : "adopted");
    if (stored.failure) {
        result = *stored.failure;
        if (stored.applied) result.message += "; they are held in memory and stored at the next opportunity";
    }
    attempt seen;
    seen.http_status = 200;
    seen.action = "refreshed";
    result.attempts.push_back(seen);
    return result;
}

// The token endpoint says the grant is dead. Unless a sibling's rotation is the reason (its newer record is
// the truth), only a human can fix it.
outcome refresher::grant_rejected(const token_failure& failure, const record::token_record& current) {
    if (auto read_failure = read_record(ctx_, false)) return *read_failure;
    const auto now = ctx_.store.view().record;
    if (now.state == record::connection_state::authorized && now.refresh_token != current.refresh_token)
        return ok_because("adopted");
    std::string detail = failure.message;
    if (current.last_refresh_lost_in_transit)
        detail += ". The previous refresh failed in transit after the provider may have issued a new pair; "
                  "that pair was likely lost, which invalidated this refresh token";
    outcome o = record_reconnect_verdict(ctx_, current.access_token, failure.reason, detail);
    if (o.code == status::reconnect_required && o.reason == failure.reason) {
        auto detailed = token_failure_outcome(failure, status::reconnect_required);
        detailed.message = o.message;
        return detailed;
    }
    return o;
}

// An outage, a throttled token endpoint, or credentials to fix: not a verdict on the grant. The cooldown is
// recorded for every process; the token in hand may still serve (the caller decides).
outcome refresher::refresh_failed_for_now(const token_failure& failure, const record::token_record& current,
                                          status code) {
    const double unit = random_unit(ctx_.host);
    const std::int64_t now = ctx_.provider_now();
    const auto stored = ctx_.store.update(
        refresh_failed(current.access_token, now, unit, failure.retry_after_ms, failure.may_have_minted),
        {record::durability::advisory, false, "the refresh cooldown"});
    const std::int64_t blocked_until = stored.record.refresh_blocked_until_ms;
    const std::int64_t wait = blocked_until > now ? blocked_until - now
                                                  : refresh_cooldown_ms(current.refresh_failures + 1, unit,
                                                                        failure.retry_after_ms);
    outcome o = token_failure_outcome(failure, code);
    o.retry_after_ms = wait;
    log_event(ctx_.host, log_level::warn, ctx_.connection_id, "refresh",
              "refresh failed ({}), failure {}; next try in {} ms", failure.reason, current.refresh_failures + 1,
              wait);
    return o;
}

}  // namespace tether::auth
