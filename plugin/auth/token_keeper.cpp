// The OAuth lifecycle of one connection. See token_keeper.hpp for the concurrency contract.
#include "plugin/auth/token_keeper.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cstddef>
#include <vector>

#include "plugin/auth/authorization.hpp"
#include "plugin/auth/client_auth.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"
#include "plugin/http/http_date.hpp"
#include "plugin/manifest/json_pointer.hpp"
#include "plugin/manifest/request_binding.hpp"
#include "plugin/retry/backoff.hpp"

namespace tether::auth {

namespace {

// How long a pending authorization stays valid (the user may take a while on the consent screen).
constexpr std::int64_t pending_authorization_ttl_ms = 15 * 60 * 1000;
// The cross-process refresh lease: long enough for one token request, short enough to recover from a
// crashed holder.
constexpr std::int64_t refresh_lease_ttl_ms = 30'000;
// The cooldown after a failed refresh: grows with consecutive failures, from seconds to five minutes.
constexpr retry::backoff_limits refresh_cooldown{2'000, 300'000};
// CAS rounds before giving up on a hot record.
constexpr int max_cas_rounds = 8;

outcome ok_outcome(std::string reason = {}) {
    outcome o;
    o.reason = std::move(reason);
    return o;
}

}  // namespace

token_keeper::token_keeper(keeper_context context)
    : ctx_(std::move(context)),
      endpoint_(ctx_.manifest, ctx_.http, ctx_.host),
      jitter_unit_(connection_jitter_unit(ctx_.connection_id)) {}

// ---- time and plans --------------------------------------------------------------------------------------

std::int64_t token_keeper::provider_now() const { return ctx_.skew.provider_now(ctx_.host.now_ms()); }

refresh_plan token_keeper::plan_for(const token_record& r) const {
    return plan_refresh(r, ctx_.manifest.auth.refresh, jitter_unit_);
}

bool token_keeper::fresh(const token_record& r) const {
    return r.state == connection_state::authorized && r.has_tokens() && !refresh_due(plan_for(r), provider_now());
}

outcome token_keeper::not_usable(const token_record& r) const {
    if (r.state == connection_state::reconnect_required) {
        auto o = outcome::failure(status::reconnect_required, r.reconnect_reason,
                                  r.reconnect_detail.empty() ? "the connection must be re-authorized"
                                                             : r.reconnect_detail);
        return o;
    }
    return outcome::failure(status::reconnect_required, "not_authorized",
                            "connection '" + ctx_.connection_id + "' has not been authorized yet");
}

token_record token_keeper::from_grant(const token_grant& grant, const token_answer& answer,
                                      const token_record& base) const {
    token_record next = base;
    next.state = connection_state::authorized;
    next.api_token = false;
    next.access_token = grant.access_token;
    if (!grant.refresh_token.empty())
        next.refresh_token = grant.refresh_token;
    else if (ctx_.manifest.auth.refresh.rotates_refresh_token)
        next.refresh_token.clear();  // the old one died with this rotation
    if (answer.date_header) ctx_.skew.observe(answer.received_local_ms, *answer.date_header);
    const auto date = answer.date_header ? http::parse_http_date(*answer.date_header) : std::nullopt;
    next.issued_at_ms = date ? *date : ctx_.skew.provider_now(answer.received_local_ms);
    next.declared_lifetime_s =
        grant.expires_in_s.value_or(ctx_.manifest.auth.refresh.default_expires_in.value_or(0));
    if (!grant.scopes.empty()) next.scopes = grant.scopes;
    next.reconnect_reason.clear();
    next.reconnect_detail.clear();
    next.reconnect_since_ms = 0;
    next.refresh_failures = 0;
    next.refresh_blocked_until_ms = 0;
    next.last_refresh_lost_in_transit = false;
    return next;
}

// ---- the record in storage -------------------------------------------------------------------------------

std::optional<outcome> token_keeper::reload() {
    if (unsaved_) {
        if (auto failure = flush_unsaved()) return failure;
    }
    stored_record stored;
    const status s = ctx_.host.load_record(ctx_.connection_id, stored);
    if (s != status::ok)
        return outcome::failure(status::storage_error, "storage_unavailable",
                                "the host's storage could not load the record of connection '" +
                                    ctx_.connection_id + "'");
    token_record record;
    std::string problem;
    if (stored.version != 0) {
        auto parsed = parse_token_record(stored.data);
        if (auto* text = std::get_if<std::string>(&parsed)) {
            problem = *text;
        } else {
            record = std::move(std::get<token_record>(parsed));
        }
    }
    {
        std::lock_guard lock(cache_mutex_);
        if (!problem.empty()) {
            load_problem_ = problem;
            version_ = stored.version;
            loaded_ = true;
            cache_ = token_record{};
        } else {
            load_problem_.clear();
            if (record.provider_offset_ms) ctx_.skew.seed(*record.provider_offset_ms);
            if (record.access_token != cache_.access_token) last_ok_provider_ms_.reset();
            cache_ = std::move(record);
            version_ = stored.version;
            loaded_ = true;
        }
    }
    if (!problem.empty()) {
        log_event(ctx_.host, log_level::error, ctx_.connection_id, "load", "stored record unreadable: {}", problem);
        return outcome::failure(status::storage_error, "record_unreadable",
                                "the stored record of connection '" + ctx_.connection_id + "' is damaged (" +
                                    problem + "); it is kept as is — authorize again to replace it");
    }
    return std::nullopt;
}

std::optional<outcome> token_keeper::ensure_loaded() {
    if (loaded_ && !unsaved_ && load_problem_.empty()) return std::nullopt;
    if (loaded_ && unsaved_) return flush_unsaved();
    return reload();
}

status token_keeper::write(const token_record& given) {
    token_record next = given;
    if (ctx_.skew.observed()) next.provider_offset_ms = ctx_.skew.offset_ms();
    const status s = ctx_.host.store_record(ctx_.connection_id, version_, serialize_token_record(next));
    if (s == status::ok) {
        std::lock_guard lock(cache_mutex_);
        if (next.access_token != cache_.access_token) last_ok_provider_ms_.reset();
        cache_ = next;
        ++version_;
        unsaved_ = false;
        load_problem_.clear();
    }
    return s;
}

// Writes tokens that were minted but not yet stored. A sibling may have written meanwhile: its newer
// authorization wins, anything else gets our tokens laid over it.
std::optional<outcome> token_keeper::flush_unsaved() {
    const token_record minted = cache_;
    for (int round = 0; round < max_cas_rounds; ++round) {
        const status s = ctx_.host.store_record(ctx_.connection_id, version_, serialize_token_record(minted));
        if (s == status::ok) {
            std::lock_guard lock(cache_mutex_);
            ++version_;
            unsaved_ = false;
            log_event(ctx_.host, log_level::info, ctx_.connection_id, "store",
                      "tokens kept in memory (access {}) are now stored", redact(minted.access_token));
            return std::nullopt;
        }
        if (s != status::conflict) break;
        stored_record stored;
        if (ctx_.host.load_record(ctx_.connection_id, stored) != status::ok) break;
        auto parsed = parse_token_record(stored.data);
        if (auto* winner = std::get_if<token_record>(&parsed);
            winner != nullptr && winner->state == connection_state::authorized &&
            winner->issued_at_ms > minted.issued_at_ms) {
            std::lock_guard lock(cache_mutex_);
            cache_ = *winner;
            version_ = stored.version;
            unsaved_ = false;
            return std::nullopt;
        }
        std::lock_guard lock(cache_mutex_);
        version_ = stored.version;
    }
    return outcome::failure(status::storage_error, "storage_unavailable",
                            "new tokens for connection '" + ctx_.connection_id +
                                "' are held in memory because the host's storage failed; they will be stored "
                                "at the next opportunity");
}

// After a successful mint lost the CAS race: use a newer authorization if the winner holds one, else lay our
// pair over whatever the winner wrote (e.g. a sibling's reconnect mark made before it saw our rotation).
outcome token_keeper::adopt_or_overlay(const token_record& minted, std::int64_t started_provider_ms) {
    for (int round = 0; round < max_cas_rounds; ++round) {
        stored_record stored;
        if (ctx_.host.load_record(ctx_.connection_id, stored) != status::ok) break;
        auto parsed = parse_token_record(stored.data);
        {
            std::lock_guard lock(cache_mutex_);
            version_ = stored.version;
        }
        if (auto* winner = std::get_if<token_record>(&parsed);
            winner != nullptr && winner->state == connection_state::authorized &&
            winner->issued_at_ms >= started_provider_ms && winner->access_token != minted.access_token) {
            std::lock_guard lock(cache_mutex_);
            cache_ = *winner;
            return ok_outcome("adopted");
        }
        token_record next = minted;
        if (auto* winner = std::get_if<token_record>(&parsed); winner != nullptr && winner->learned_lifetime_ms) {
            next.learned_lifetime_ms = minted.learned_lifetime_ms
                                           ? std::min(*minted.learned_lifetime_ms, *winner->learned_lifetime_ms)
                                           : winner->learned_lifetime_ms;
        }
        const status s = write(next);
        if (s == status::ok) return ok_outcome("refreshed");
        if (s != status::conflict) break;
    }
    {
        std::lock_guard lock(cache_mutex_);
        cache_ = minted;
        unsaved_ = true;
    }
    return outcome::failure(status::storage_error, "storage_unavailable",
                            "new tokens for connection '" + ctx_.connection_id +
                                "' are held in memory because the host's storage failed; they will be stored "
                                "at the next opportunity");
}

outcome token_keeper::mark_reconnect(const std::string& reason, const std::string& detail) {
    for (int round = 0; round < max_cas_rounds; ++round) {
        token_record next = cache_;
        next.state = connection_state::reconnect_required;
        next.reconnect_reason = reason;
        next.reconnect_detail = detail;
        next.reconnect_since_ms = provider_now();
        const status s = write(next);
        if (s == status::ok || s != status::conflict) break;
        if (reload()) break;
        if (cache_.state == connection_state::authorized && fresh(cache_)) return ok_outcome("adopted");
    }
    log_event(ctx_.host, log_level::warn, ctx_.connection_id, "refresh", "reconnect required ({}): {}", reason,
              detail);
    return outcome::failure(status::reconnect_required, reason, detail);
}

outcome token_keeper::record_refresh_failure(const token_failure& failure, status reported) {
    token_record next = cache_;
    next.refresh_failures += 1;
    std::int64_t wait = retry::equal_jitter_ms(refresh_cooldown, next.refresh_failures - 1, random_unit(ctx_.host));
    if (failure.retry_after_ms) wait = std::max(wait, *failure.retry_after_ms);
    next.refresh_blocked_until_ms = provider_now() + wait;
    next.last_refresh_lost_in_transit = failure.may_have_minted;
    if (write(next) == status::conflict) reload();  // best effort: the cooldown is advice, not state

    auto o = outcome::failure(reported, failure.reason, failure.message);
    o.http_status = failure.seen.http_status;
    o.provider_code = failure.seen.provider_code;
    o.ref_id = failure.seen.ref_id;
    o.retry_after_ms = wait;
    o.attempts.push_back(failure.seen);
    o.first_failure = failure.seen;
    log_event(ctx_.host, log_level::warn, ctx_.connection_id, "refresh",
              "refresh failed ({}), attempt {}; next try in {} ms", failure.reason, next.refresh_failures, wait);
    return o;
}

// ---- leases ------------------------------------------------------------------------------------------------

std::string token_keeper::random_token(std::size_t bytes) {
    std::vector<std::byte> buffer(bytes);
    if (ctx_.host.random_bytes(buffer) != status::ok) throw std::runtime_error("the host's random source failed");
    return base64url_no_padding(std::string_view(reinterpret_cast<const char*>(buffer.data()), buffer.size()));
}

// Takes the cross-process lease, polling the store while another process holds it: if that process
// stores a fresh token meanwhile, returns OK at once (use it; no refresh needed).
std::optional<outcome> token_keeper::wait_for_lease(const std::string& owner, const std::string& observed_token,
                                                     bool& acquired) {
    acquired = false;
    if (!ctx_.host.has_lease()) return std::nullopt;
    const std::string name = "tether.refresh:" + ctx_.connection_id;
    std::int64_t waited = 0, pause = 25;
    while (true) {
        const status s = ctx_.host.acquire_lease(name, owner, refresh_lease_ttl_ms);
        if (s == status::ok) {
            acquired = true;
            return std::nullopt;
        }
        if (s != status::conflict || waited > refresh_lease_ttl_ms + 1000) {
            log_event(ctx_.host, log_level::warn, ctx_.connection_id, "refresh",
                      "refresh lease unavailable ({}); refreshing without it", status_name(s));
            return std::nullopt;
        }
        ctx_.host.sleep_ms(pause);
        waited += pause;
        pause = std::min<std::int64_t>(pause * 2, 500);
        if (auto failure = reload()) return failure;
        if (cache_.access_token != observed_token && fresh(cache_)) return ok_outcome("adopted");
    }
}

// ---- refresh -------------------------------------------------------------------------------------------------

outcome token_keeper::refresh(bool force) {
    std::lock_guard writer(writer_mutex_);
    if (auto failure = ensure_loaded()) return *failure;
    if (cache_.state != connection_state::authorized) return not_usable(cache_);
    return refresh_locked(cache_.access_token, force, false);
}

outcome token_keeper::refresh_locked(const std::string& observed_token, bool force, bool token_dead,
                                     std::optional<lifetime_lesson> lesson) {
    const std::string owner = random_token(12);
    bool leased = false;
    if (auto early = wait_for_lease(owner, observed_token, leased)) return *early;
    struct lease_guard {
        token_keeper& self;
        const std::string& owner;
        bool held;
        ~lease_guard() {
            if (held) self.ctx_.host.release_lease("tether.refresh:" + self.ctx_.connection_id, owner);
        }
    } guard{*this, owner, leased};

    // Always re-read: another process may have refreshed, or marked the connection, while we waited.
    if (auto failure = reload()) return *failure;
    const token_record current = cache_;
    if (current.state != connection_state::authorized) return not_usable(current);
    if (current.access_token != observed_token && fresh(current)) return ok_outcome("adopted");
    if (!force && fresh(current)) return ok_outcome("fresh");

    if (current.api_token) {
        if (token_dead)
            return mark_reconnect("api_token_invalid",
                                  "the API access token " + redact(current.access_token) +
                                      " was rejected; API tokens cannot be refreshed — create a new one");
        return ok_outcome("api_token");
    }
    const std::int64_t now = provider_now();
    if (current.refresh_blocked_until_ms > now) {
        auto o = outcome::failure(status::transient, "refresh_cooling_down",
                                  "the last refresh of connection '" + ctx_.connection_id +
                                      "' failed; tether waits before trying again");
        o.retry_after_ms = current.refresh_blocked_until_ms - now;
        return o;
    }
    if (current.refresh_token.empty())
        return mark_reconnect("refresh_token_missing",
                              "the connection holds no refresh token; authorize again to obtain one");

    log_event(ctx_.host, log_level::info, ctx_.connection_id, "refresh", "refreshing (access {}, refresh {})",
              redact(current.access_token), redact(current.refresh_token));
    const std::int64_t started = now;
    const token_answer answer = endpoint_.refresh(ctx_.settings, current.refresh_token);
    if (answer.date_header) ctx_.skew.observe(answer.received_local_ms, *answer.date_header);
    if (ctx_.on_refresh_attempt) ctx_.on_refresh_attempt(std::holds_alternative<token_grant>(answer.result));

    if (const auto* grant = std::get_if<token_grant>(&answer.result)) {
        token_record minted = from_grant(*grant, answer, current);
        if (lesson) {
            log_event(ctx_.host, log_level::warn, ctx_.connection_id, "refresh",
                      "a token died at {} s of a declared {} s: learned lifetime now {} s", lesson->death_age_ms / 1000,
                      current.declared_lifetime_s, lesson->learned_ms / 1000);
            minted.learned_lifetime_ms = lesson->learned_ms;
            minted.early_death_age_ms = lesson->death_age_ms;
        }
        attempt seen;
        seen.http_status = 200;
        seen.action = "refreshed";
        const status s = write(minted);
        outcome result;
        if (s == status::ok) {
            result = ok_outcome("refreshed");
        } else if (s == status::conflict) {
            result = adopt_or_overlay(minted, started);
        } else {
            {
                std::lock_guard lock(cache_mutex_);
                cache_ = minted;
                unsaved_ = true;
            }
            result = outcome::failure(status::storage_error, "storage_unavailable",
                                      "the refreshed tokens of connection '" + ctx_.connection_id +
                                          "' are held in memory because the host's storage failed; they will "
                                          "be stored at the next opportunity");
        }
        result.attempts.push_back(seen);
        log_event(ctx_.host, log_level::info, ctx_.connection_id, "refresh", "refreshed: access {}, refresh {}",
                  redact(minted.access_token), redact(minted.refresh_token));
        return result;
    }

    const auto& failure = std::get<token_failure>(answer.result);
    using manifest::error_action;
    if (failure.action == error_action::reconnect) {
        // A sibling may have rotated the pair: its newer record is the truth, not a dead grant.
        if (auto load_failure = reload()) return *load_failure;
        if (cache_.state == connection_state::authorized && cache_.refresh_token != current.refresh_token)
            return ok_outcome("adopted");
        std::string detail = failure.message;
        if (current.last_refresh_lost_in_transit)
            detail += ". The previous refresh failed in transit after the provider may have issued a new pair; "
                      "that pair was likely lost, which invalidated this refresh token";
        auto o = mark_reconnect(failure.reason, detail);
        o.http_status = failure.seen.http_status;
        o.provider_code = failure.seen.provider_code;
        o.ref_id = failure.seen.ref_id;
        o.attempts.push_back(failure.seen);
        o.first_failure = failure.seen;
        return o;
    }
    if (failure.action == error_action::config_error) return record_refresh_failure(failure, status::config_error);
    return record_refresh_failure(failure, status::transient);
}

// ---- access for calls -----------------------------------------------------------------------------------------

token_access token_keeper::access_locked() {
    if (auto failure = ensure_loaded()) return {{}, std::move(*failure)};
    if (cache_.state == connection_state::unauthorized && ctx_.manifest.auth.type == manifest::auth_type::api_token &&
        !ctx_.settings.api_token.empty()) {
        // The API token came with the settings: store it as if handed over with authorize_with_token.
        token_record next = cache_;
        next.state = connection_state::authorized;
        next.api_token = true;
        next.access_token = ctx_.settings.api_token;
        next.issued_at_ms = provider_now();
        if (write(next) != status::ok)
            return {{}, outcome::failure(status::storage_error, "storage_unavailable",
                                         "the API access token could not be stored")};
    }
    if (cache_.state != connection_state::authorized) return {{}, not_usable(cache_)};
    if (!refresh_due(plan_for(cache_), provider_now())) return {cache_.access_token, std::nullopt};

    const std::string before = cache_.access_token;
    outcome o = refresh_locked(before, false, false);
    if (o.code == status::ok) return {cache_.access_token, std::nullopt};
    if (o.code == status::transient && cache_.state == connection_state::authorized &&
        !believed_expired(plan_for(cache_), provider_now())) {
        log_event(ctx_.host, log_level::warn, ctx_.connection_id, "refresh",
                  "proactive refresh failed ({}); the current token is still valid and stays in use", o.reason);
        return {cache_.access_token, std::nullopt};
    }
    return {{}, std::move(o)};
}

token_access token_keeper::current_access() {
    {
        std::lock_guard lock(cache_mutex_);
        if (loaded_ && !unsaved_ && load_problem_.empty() && cache_.state == connection_state::authorized &&
            !refresh_due(plan_for(cache_), provider_now()))
            return {cache_.access_token, std::nullopt};
    }
    std::lock_guard writer(writer_mutex_);
    return access_locked();
}

token_access token_keeper::after_unauthorized(const std::string& rejected_token) {
    std::lock_guard writer(writer_mutex_);
    if (auto failure = ensure_loaded()) return {{}, std::move(*failure)};
    // What this death would teach. It is applied only if our own refresh then succeeds: a revoked grant, or
    // a token a sibling rotated away, dies early too, and neither says anything about lifetimes.
    std::optional<lifetime_lesson> lesson;
    if (cache_.access_token == rejected_token && cache_.state == connection_state::authorized && !cache_.api_token) {
        const std::int64_t age = provider_now() - cache_.issued_at_ms;
        if (died_early(cache_, age) && age >= minimum_learned_lifetime_ms) {
            std::optional<std::int64_t> last_ok_age;
            {
                std::lock_guard lock(cache_mutex_);
                if (last_ok_provider_ms_) last_ok_age = *last_ok_provider_ms_ - cache_.issued_at_ms;
            }
            lesson = lifetime_lesson{learn_lifetime_ms(cache_.learned_lifetime_ms, age, last_ok_age), age};
        }
    }
    outcome o = refresh_locked(rejected_token, true, true, lesson);
    if (o.code == status::ok && cache_.access_token != rejected_token) return {cache_.access_token, std::nullopt};
    if (o.code == status::ok)  // nothing better than the token just rejected
        return {{}, outcome::failure(status::transient, "token_rejected",
                                     "the provider rejected the current token and no newer one is available")};
    return {{}, std::move(o)};
}

void token_keeper::note_accepted(const std::string& token) {
    std::lock_guard lock(cache_mutex_);
    if (token == cache_.access_token) last_ok_provider_ms_ = ctx_.skew.provider_now(ctx_.host.now_ms());
}

std::string token_keeper::missing_scopes(const std::vector<std::string>& required) const {
    std::lock_guard lock(cache_mutex_);
    std::string missing;
    if (cache_.scopes.empty()) return missing;
    for (const auto& scope : required)
        if (std::find(cache_.scopes.begin(), cache_.scopes.end(), scope) == cache_.scopes.end())
            missing += (missing.empty() ? "" : ", ") + scope;
    return missing;
}

keeper_snapshot token_keeper::inspect() {
    {
        std::lock_guard writer(writer_mutex_);
        (void)ensure_loaded();  // a problem is part of the snapshot (load_problem), not a failure of it
    }
    return snapshot();
}

outcome token_keeper::report_user_changed(const std::string& seen_user_id) {
    std::lock_guard writer(writer_mutex_);
    if (auto failure = ensure_loaded()) return *failure;
    if (cache_.user_id.empty() || cache_.user_id == seen_user_id) return ok_outcome();
    return mark_reconnect("user_changed", "the token now acts for user " + seen_user_id + ", not user " +
                                              cache_.user_id + " who authorized the connection");
}

keeper_snapshot token_keeper::snapshot() {
    std::lock_guard lock(cache_mutex_);
    keeper_snapshot s;
    s.record = cache_;
    s.version = version_;
    s.loaded = loaded_;
    s.unsaved = unsaved_;
    s.last_ok_provider_ms = last_ok_provider_ms_;
    s.provider_now_ms = provider_now();
    s.plan = plan_for(cache_);
    s.load_problem = load_problem_;
    return s;
}

// ---- authorization ---------------------------------------------------------------------------------------------

outcome token_keeper::begin_authorization() {
    if (ctx_.manifest.auth.type != manifest::auth_type::oauth2)
        return outcome::failure(status::config_error, "not_oauth2",
                                "this connector uses API access tokens; use authorize_with_token");
    std::lock_guard writer(writer_mutex_);
    pending_authorization pending;
    pending.state = random_token(32);
    if (ctx_.manifest.auth.pkce) pending.code_verifier = random_token(48);
    pending.redirect_uri = ctx_.settings.redirect_uri;
    pending.created_ms = provider_now();

    for (int round = 0; round < max_cas_rounds; ++round) {
        if (auto failure = reload(); failure && failure->reason != "record_unreadable") return *failure;
        token_record next = cache_;  // a damaged record is replaced only once the user completes
        next.pending = pending;
        const status s = write(next);
        if (s == status::ok) break;
        if (s != status::conflict)
            return outcome::failure(status::storage_error, "storage_unavailable",
                                    "the pending authorization could not be stored");
        if (round + 1 == max_cas_rounds)
            return outcome::failure(status::storage_error, "storage_conflict",
                                    "the record kept changing while the authorization was being stored");
    }
    boost::json::object body;
    body["authorize_url"] = build_authorize_url(ctx_.manifest, ctx_.settings, pending.state, pending.code_verifier);
    body["state"] = pending.state;
    outcome o = ok_outcome("authorization_pending");
    o.body = boost::json::serialize(body);
    log_event(ctx_.host, log_level::info, ctx_.connection_id, "authorize", "authorization begun (state {})",
              redact(pending.state));
    return o;
}

outcome token_keeper::complete_authorization(const authorization_response& response) {
    if (ctx_.manifest.auth.type != manifest::auth_type::oauth2)
        return outcome::failure(status::config_error, "not_oauth2",
                                "this connector uses API access tokens; use authorize_with_token");
    callback_params params;
    if (!response.callback_url.empty()) {
        auto parsed = parse_callback_url(response.callback_url);
        if (!parsed)
            return outcome::failure(status::bad_request, "callback_invalid",
                                    "the callback URL carries neither a code nor an error");
        params = std::move(*parsed);
    } else {
        params.code = response.code;
        params.state = response.state;
    }

    std::lock_guard writer(writer_mutex_);
    if (auto failure = reload(); failure && failure->reason != "record_unreadable") return *failure;
    const auto pending = cache_.pending;
    if (!pending || !constant_time_equal(pending->state, params.state))
        return outcome::failure(status::reconnect_required, "state_mismatch",
                                "the callback's state does not match a pending authorization of connection '" +
                                    ctx_.connection_id + "'; start the authorization again");
    if (!params.error.empty()) {
        const bool denied = params.error == "access_denied";
        return outcome::failure(status::reconnect_required, denied ? "access_denied" : params.error,
                                denied ? "the user denied access on the provider's consent screen"
                                       : "the provider returned the error '" + params.error + "'");
    }
    if (provider_now() - pending->created_ms > pending_authorization_ttl_ms)
        return outcome::failure(status::reconnect_required, "authorization_expired",
                                "the pending authorization is older than 15 minutes; start it again");

    const token_answer answer =
        endpoint_.exchange_code(ctx_.settings, params.code, pending->redirect_uri, pending->code_verifier);
    if (const auto* failure = std::get_if<token_failure>(&answer.result)) {
        using manifest::error_action;
        const status code = failure->action == error_action::reconnect      ? status::reconnect_required
                            : failure->action == error_action::config_error ? status::config_error
                                                                            : status::transient;
        auto o = outcome::failure(code, failure->reason, failure->message);
        o.http_status = failure->seen.http_status;
        o.provider_code = failure->seen.provider_code;
        o.ref_id = failure->seen.ref_id;
        if (code == status::transient) o.retry_after_ms = failure->retry_after_ms.value_or(1000);
        o.attempts.push_back(failure->seen);
        o.first_failure = failure->seen;
        return o;
    }
    const auto& grant = std::get<token_grant>(answer.result);
    token_record base = cache_;
    token_record next = from_grant(grant, answer, base);
    next.pending.reset();
    if (next.scopes.empty()) next.scopes = ctx_.settings.scopes;
    next.user_id = probe_user_id(next.access_token);

    for (int round = 0; round < max_cas_rounds; ++round) {
        const status s = write(next);
        if (s == status::ok) break;
        if (s != status::conflict || round + 1 == max_cas_rounds) {
            std::lock_guard lock(cache_mutex_);
            cache_ = next;
            unsaved_ = true;
            return outcome::failure(status::storage_error, "storage_unavailable",
                                    "the new tokens are held in memory because the host's storage failed; they "
                                    "will be stored at the next opportunity");
        }
        stored_record stored;
        if (ctx_.host.load_record(ctx_.connection_id, stored) == status::ok) {
            std::lock_guard lock(cache_mutex_);
            version_ = stored.version;
        }
    }
    log_event(ctx_.host, log_level::info, ctx_.connection_id, "authorize", "authorized: access {}, refresh {}",
              redact(next.access_token), redact(next.refresh_token));
    outcome o = ok_outcome("authorized");
    boost::json::object body;
    body["connection_id"] = ctx_.connection_id;
    if (!next.user_id.empty()) body["user_id"] = next.user_id;
    boost::json::array scopes;
    for (const auto& s : next.scopes) scopes.emplace_back(s);
    body["scopes"] = std::move(scopes);
    body["expires_in"] = next.declared_lifetime_s;
    o.body = boost::json::serialize(body);
    return o;
}

std::string token_keeper::probe_user_id(const std::string& access_token) {
    const auto& probe = ctx_.manifest.auth.probe;
    if (probe.operation.empty() || probe.user_id_pointer.empty()) return {};
    const manifest::operation* op = ctx_.manifest.find_operation(probe.operation);
    if (op == nullptr) return {};
    auto bound = manifest::bind_request(*op, boost::json::object{});
    if (!std::holds_alternative<manifest::bound_request>(bound)) return {};
    http::request req;
    req.url = ctx_.settings.api_base + std::get<manifest::bound_request>(bound).target();
    req.headers.push_back({"Authorization", "Bearer " + access_token});
    req.headers.push_back({"Accept", "application/json"});
    const http::response r = ctx_.http.send(req);
    if (!r.ok() || r.status != 200) {
        log_event(ctx_.host, log_level::warn, ctx_.connection_id, "authorize",
                  "the probe {} answered {}; the user id is not recorded", probe.operation, r.status);
        return {};
    }
    boost::json::error_code ec;
    const auto body = boost::json::parse(r.body, ec);
    if (ec) return {};
    const auto* id = manifest::find_at(body, probe.user_id_pointer);
    if (id == nullptr) return {};
    if (id->is_string()) return std::string(id->get_string());
    if (id->is_int64()) return std::to_string(id->get_int64());
    if (id->is_uint64()) return std::to_string(id->get_uint64());
    return {};
}

outcome token_keeper::store_api_token(const std::string& access_token) {
    if (ctx_.manifest.auth.type != manifest::auth_type::api_token)
        return outcome::failure(status::config_error, "not_api_token",
                                "this connector uses OAuth 2.0; use authorize_begin and authorize_complete");
    std::lock_guard writer(writer_mutex_);
    for (int round = 0; round < max_cas_rounds; ++round) {
        if (auto failure = reload(); failure && failure->reason != "record_unreadable") return *failure;
        token_record next = cache_;
        next.state = connection_state::authorized;
        next.api_token = true;
        next.access_token = access_token;
        next.refresh_token.clear();
        next.issued_at_ms = provider_now();
        next.declared_lifetime_s = 0;
        next.reconnect_reason.clear();
        next.reconnect_detail.clear();
        next.reconnect_since_ms = 0;
        const status s = write(next);
        if (s == status::ok) return ok_outcome("authorized");
        if (s != status::conflict) break;
    }
    return outcome::failure(status::storage_error, "storage_unavailable", "the API access token could not be stored");
}

outcome token_keeper::revoke() {
    std::lock_guard writer(writer_mutex_);
    if (auto failure = ensure_loaded(); failure && failure->reason != "record_unreadable") return *failure;
    outcome result = ok_outcome("revoked");
    if (cache_.has_tokens() && !ctx_.settings.revoke_url.empty() && ctx_.manifest.auth.revoke) {
        http::request req;
        req.method = ctx_.manifest.auth.revoke->method;
        req.url = ctx_.settings.revoke_url;
        req.headers.push_back({"Authorization", "Bearer " + cache_.access_token});
        const http::response r = ctx_.http.send(req);
        attempt seen;
        seen.http_status = r.status;
        if (!r.ok()) seen.transport_error = std::string(http::to_string(r.error));
        const bool done = r.ok() && ((r.status >= 200 && r.status < 300) || r.status == 401);
        seen.action = done ? "revoked" : "retry_later";
        result.attempts.push_back(seen);
        if (!done) {
            auto o = outcome::failure(status::transient, "revoke_failed",
                                      "the provider did not confirm the revocation; the tokens are kept so that "
                                      "revoke can be retried");
            o.http_status = r.status;
            o.retry_after_ms = 5000;
            o.attempts = result.attempts;
            o.first_failure = seen;
            return o;
        }
    }
    for (int round = 0; round < max_cas_rounds; ++round) {
        token_record next = cache_;
        next.state = connection_state::unauthorized;
        next.api_token = false;
        next.access_token.clear();
        next.refresh_token.clear();
        next.issued_at_ms = 0;
        next.declared_lifetime_s = 0;
        next.refresh_failures = 0;
        next.refresh_blocked_until_ms = 0;
        next.last_refresh_lost_in_transit = false;
        next.pending.reset();
        const status s = write(next);
        if (s == status::ok) {
            log_event(ctx_.host, log_level::info, ctx_.connection_id, "revoke", "tokens revoked and cleared");
            return result;
        }
        if (s != status::conflict || reload()) break;
    }
    return outcome::failure(status::storage_error, "storage_unavailable",
                            "the provider revoked the grant but the cleared record could not be stored");
}

}  // namespace tether::auth
