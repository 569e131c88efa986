// The OAuth lifecycle's changes to a connection's record, each a pure function of the record it meets.
#include "plugin/auth/record_changes.hpp"

#include <algorithm>

#include "plugin/core/time_bounds.hpp"
#include "plugin/retry/backoff.hpp"

namespace tether::auth {

using record::connection_state;
using record::token_record;

namespace {

// The cooldown after a failed refresh: grows with consecutive failures, from seconds to five minutes.
constexpr retry::backoff_limits refresh_cooldown{2'000, 300'000};
// A Date header has whole seconds: an issue time may read up to a second before the moment it was made.
constexpr std::int64_t date_precision_ms = 1'000;

void forget_lesson(token_record& r) {
    r.learned_lifetime_ms.reset();
    r.early_death_age_ms.reset();
    r.lesson_learned_at_ms = 0;
}

void clear_trouble(token_record& r) {
    r.reconnect_reason.clear();
    r.reconnect_detail.clear();
    r.reconnect_since_ms = 0;
    r.refresh_failures = 0;
    r.refresh_blocked_until_ms = 0;
    r.last_refresh_lost_in_transit = false;
}

}  // namespace

record::record_change authorization_pending(record::pending_authorization pending) {
    return [pending = std::move(pending)](const token_record& current) -> std::optional<token_record> {
        token_record next = current;
        next.pending = pending;
        return next;
    };
}

record::record_change grant_authorized(granted_tokens tokens, std::string user_id, bound_origins origins) {
    return [tokens = std::move(tokens), user_id = std::move(user_id),
            origins = std::move(origins)](const token_record& current) -> std::optional<token_record> {
        token_record next;
        next.webhooks = current.webhooks;
        next.state = connection_state::authorized;
        next.access_token = tokens.access_token;
        next.refresh_token = tokens.refresh_token;
        next.issued_at_ms = tokens.issued_at_ms;
        next.declared_lifetime_s = tokens.declared_lifetime_s;
        next.scopes = tokens.scopes;
        next.user_id = user_id;
        next.api_origin = origins.api;
        next.token_origin = origins.token;
        return next;
    };
}

record::record_change client_credentials_granted(granted_tokens tokens, std::string method, bound_origins origins) {
    auto grant = grant_authorized(std::move(tokens), "", std::move(origins));
    return [grant = std::move(grant), method = std::move(method)](const token_record& current) {
        auto next = grant(current);
        if (next) next->client_credentials_method = method;
        return next;
    };
}

record::record_change api_token_stored(std::string access_token, std::int64_t now, bound_origins origins) {
    return [access_token = std::move(access_token), now,
            origins = std::move(origins)](const token_record& current) -> std::optional<token_record> {
        token_record next;
        next.webhooks = current.webhooks;
        next.state = connection_state::authorized;
        next.api_token = true;
        next.access_token = access_token;
        next.issued_at_ms = now;
        next.api_origin = origins.api;
        return next;
    };
}

record::record_change api_token_adopted(std::string access_token, std::int64_t now, bound_origins origins) {
    auto store = api_token_stored(std::move(access_token), now, std::move(origins));
    return [store = std::move(store)](const token_record& current) -> std::optional<token_record> {
        if (current.state != connection_state::unauthorized || current.has_tokens()) return std::nullopt;
        return store(current);
    };
}

record::record_change tokens_refreshed(granted_tokens tokens, std::string replaced, std::int64_t started_ms,
                                       bool rotates, std::optional<lifetime_lesson> lesson) {
    return [tokens = std::move(tokens), replaced = std::move(replaced), started_ms, rotates,
            lesson](const token_record& current) -> std::optional<token_record> {
        if (current.access_token == tokens.access_token) return std::nullopt;      // already stored
        if (current.state == connection_state::unauthorized) return std::nullopt;  // revoked meanwhile
        const bool sibling_newer = current.state == connection_state::authorized && current.access_token != replaced &&
                                   current.issued_at_ms + date_precision_ms >= started_ms;
        if (sibling_newer) return std::nullopt;

        token_record next = current;
        next.state = connection_state::authorized;
        next.api_token = false;
        next.access_token = tokens.access_token;
        if (!tokens.refresh_token.empty())
            next.refresh_token = tokens.refresh_token;
        else if (rotates)
            next.refresh_token.clear();  // the old one died with this rotation
        next.issued_at_ms = tokens.issued_at_ms;
        next.declared_lifetime_s = tokens.declared_lifetime_s;
        if (!tokens.scopes.empty()) next.scopes = tokens.scopes;
        clear_trouble(next);
        if (lesson) {
            next.learned_lifetime_ms = lesson->learned_ms;
            next.early_death_age_ms = lesson->death_age_ms;
            next.lesson_learned_at_ms = lesson->learned_at_ms;
        }
        return next;
    };
}

record::record_change reconnect_required(std::string judged, std::string reason, std::string detail, std::int64_t now) {
    return [judged = std::move(judged), reason = std::move(reason), detail = std::move(detail),
            now](const token_record& current) -> std::optional<token_record> {
        if (current.state != connection_state::authorized || current.access_token != judged) return std::nullopt;
        token_record next = current;
        next.state = connection_state::reconnect_required;
        next.reconnect_reason = reason;
        next.reconnect_detail = detail;
        next.reconnect_since_ms = now;
        next.refresh_failures = 0;
        next.refresh_blocked_until_ms = 0;
        forget_lesson(next);
        return next;
    };
}

std::int64_t refresh_cooldown_ms(int failures, double random_unit, std::optional<std::int64_t> retry_after_ms) {
    const std::int64_t wait = retry::equal_jitter_ms(refresh_cooldown, std::max(failures, 1) - 1, random_unit);
    return std::max(wait, retry_after_ms.value_or(0));
}

record::record_change refresh_failed(std::string attempted, std::int64_t now, double random_unit,
                                     std::optional<std::int64_t> retry_after_ms, bool may_have_minted) {
    return [attempted = std::move(attempted), now, random_unit, retry_after_ms,
            may_have_minted](const token_record& current) -> std::optional<token_record> {
        if (current.state != connection_state::authorized || current.access_token != attempted) return std::nullopt;
        token_record next = current;
        next.refresh_failures =
            static_cast<int>(std::min<std::int64_t>(next.refresh_failures + 1, max_refresh_failures));
        next.refresh_blocked_until_ms = now + refresh_cooldown_ms(next.refresh_failures, random_unit, retry_after_ms);
        next.last_refresh_lost_in_transit = may_have_minted;
        return next;
    };
}

record::record_change lesson_forgotten(std::string access_token, std::int64_t learned_ms) {
    return [access_token = std::move(access_token),
            learned_ms](const token_record& current) -> std::optional<token_record> {
        if (current.access_token != access_token || current.learned_lifetime_ms != learned_ms) return std::nullopt;
        token_record next = current;
        forget_lesson(next);
        return next;
    };
}

record::record_change revoked() {
    return [](const token_record& current) -> std::optional<token_record> {
        if (current.state == connection_state::unauthorized && !current.has_tokens() && !current.pending)
            return std::nullopt;
        token_record next;
        next.webhooks = current.webhooks;  // the webhooks still exist at the provider and still call back
        return next;
    };
}

}  // namespace tether::auth
