// The bearer for a connection's calls, and what the calls teach about the token's lifetime.
#include "plugin/auth/token_keeper.hpp"

#include <algorithm>

#include "plugin/auth/api_token.hpp"
#include "plugin/auth/lifetime_lessons.hpp"
#include "plugin/auth/reconnect_verdict.hpp"
#include "plugin/auth/record_changes.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"

namespace tether::auth {

using record::connection_state;

token_keeper::token_keeper(auth_context& ctx, refresher& refresh) : ctx_(ctx), refresh_(refresh) {}

token_access token_keeper::current_access(std::int64_t deadline_ms) {
    const std::int64_t now = ctx_.provider_now();
    std::uint64_t version = 0;
    std::string token = ctx_.store.with_view([&](const record::record_view& v) {
        const bool fast = v.loaded && !v.unsaved && v.load_problem.empty() &&
                          v.record.state == connection_state::authorized && v.record.api_origin == ctx_.origins.api &&
                          !refresh_due(ctx_.plan_for(v.record), now);
        version = v.version;
        return fast ? std::string(v.record.access_token) : std::string();
    });
    if (!token.empty()) return {std::move(token), std::nullopt, version};

    if (auto failure = read_record(ctx_, true)) return {{}, std::move(*failure)};
    if (auto failure = adopt_settings_api_token(ctx_)) return {{}, std::move(*failure)};
    const record::record_view view = ctx_.store.view();
    const record::token_record& current = view.record;
    if (current.state != connection_state::authorized) return {{}, not_usable(ctx_, current)};
    if (auto refused = origin_refusal(current, ctx_.origins, grant_use::api_call, ctx_.connection_id))
        return {{}, std::move(*refused)};
    if (needs_binding(current))  // a record of an earlier tether: bound to the origins it is used with now
        (void)ctx_.store.update(origins_bound(ctx_.origins), {record::durability::advisory, false, "the grant's origins"});
    if (!refresh_due(ctx_.plan_for(current), ctx_.provider_now()))
        return {current.access_token, std::nullopt, view.version};
    return serve_or_fail(refresh_.run({refresh_trigger::due, current.access_token, deadline_ms}));
}

// After a proactive refresh: its token, or — when it failed for a transient reason — the token in hand for as
// long as the provider may still accept it.
token_access token_keeper::serve_or_fail(outcome result) {
    const record::record_view view = ctx_.store.view();
    const record::token_record& now = view.record;
    if (result.code == status::ok && now.state == connection_state::authorized)
        return {now.access_token, std::nullopt, view.version};
    if (result.code == status::transient && now.state == connection_state::authorized &&
        usable_while_refresh_fails(ctx_.plan_for(now), ctx_.provider_now())) {
        log_event(ctx_.host, log_level::warn, ctx_.connection_id, "refresh",
                  "proactive refresh failed ({}); the current token stays in use", result.reason);
        return {now.access_token, std::nullopt, view.version};
    }
    if (result.code == status::ok) result = not_usable(ctx_, now);
    return {{}, std::move(result)};
}

std::optional<std::int64_t> token_keeper::last_ok_of(const std::string& token) const {
    std::lock_guard lock(sighting_mutex_);
    if (last_ok_.token != token) return std::nullopt;
    return last_ok_.provider_ms;
}

token_access token_keeper::after_unauthorized(const std::string& rejected_token, std::int64_t deadline_ms) {
    if (auto failure = read_record(ctx_, true)) return {{}, std::move(*failure)};
    const record::token_record current = ctx_.store.view().record;
    // What this death would teach. It is recorded only if the refresh then succeeds: a revoked grant, or a
    // token a sibling rotated away, dies early too, and neither says anything about lifetimes.
    std::optional<lifetime_lesson> lesson;
    if (current.access_token == rejected_token) {
        const std::int64_t now = ctx_.provider_now();
        const auto last_ok = last_ok_of(rejected_token);
        lesson = lesson_from_death(current, now - current.issued_at_ms,
                                   last_ok ? std::optional(*last_ok - current.issued_at_ms) : std::nullopt, now);
    }
    outcome o = refresh_.run({refresh_trigger::rejected, rejected_token, deadline_ms}, lesson);
    const record::record_view view = ctx_.store.view();
    const record::token_record& now = view.record;
    if (o.code == status::ok && now.state == connection_state::authorized && now.access_token != rejected_token)
        return {now.access_token, std::nullopt, view.version};
    if (o.code == status::ok)  // nothing better than the token just rejected
        return {{}, outcome::failure(status::transient, "token_rejected",
                                     "the provider rejected the current token and no newer one is available")};
    return {{}, std::move(o)};
}

void token_keeper::record_verdict(const std::string& token, const std::string& reason, const std::string& detail) {
    (void)record_reconnect_verdict(ctx_, token, reason, detail);
}

void token_keeper::note_accepted(const std::string& token) {
    const std::int64_t now = ctx_.provider_now();
    {
        std::lock_guard lock(sighting_mutex_);
        if (last_ok_.token != token) last_ok_.token = token;
        last_ok_.provider_ms = now;
    }
    // Rarely true: a token accepted past its grant's lesson proves the lesson too short.
    const auto disproved = ctx_.store.with_view([&](const record::record_view& v) -> std::optional<std::int64_t> {
        const auto& r = v.record;
        if (r.access_token != token || !lesson_disproved(r, now - r.issued_at_ms)) return std::nullopt;
        return r.learned_lifetime_ms;
    });
    if (!disproved) return;
    log_event(ctx_.host, log_level::info, ctx_.connection_id, "refresh",
              "token {} accepted beyond the learned lifetime of {} s: the lesson is dropped", redact(token),
              *disproved / 1000);
    (void)ctx_.store.update(lesson_forgotten(token, *disproved),
                            {record::durability::advisory, false, "the forgotten lesson"});
}

std::string token_keeper::missing_scopes(const std::vector<std::string>& required) const {
    return ctx_.store.with_view([&](const record::record_view& v) {
        std::string missing;
        const auto& granted = v.record.scopes;
        if (granted.empty()) return missing;
        for (const auto& scope : required)
            if (std::find(granted.begin(), granted.end(), scope) == granted.end())
                missing += (missing.empty() ? "" : ", ") + scope;
        return missing;
    });
}

keeper_snapshot token_keeper::snapshot() const {
    const record::record_view v = ctx_.store.view();
    keeper_snapshot s;
    s.record = v.record;
    s.version = v.version;
    s.loaded = v.loaded;
    s.unsaved = v.unsaved;
    s.last_ok_provider_ms = last_ok_of(v.record.access_token);
    s.provider_now_ms = ctx_.provider_now();
    s.plan = ctx_.plan_for(v.record);
    s.load_problem = v.load_problem;
    return s;
}

keeper_snapshot token_keeper::inspect() {
    // A problem is part of the snapshot, not a failure of it: the document shows what this process knows.
    const auto failure = ctx_.store.ensure_loaded();
    keeper_snapshot s = snapshot();
    if (failure && failure->reason != "record_unreadable") s.storage_problem = failure->message;
    return s;
}

}  // namespace tether::auth
