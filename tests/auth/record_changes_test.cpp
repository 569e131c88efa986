// The lifecycle's changes to a record, each a pure function of the record it meets: what makes it moot, what
// it keeps of a sibling's record, and that a lesson or a verdict belongs to the grant that earned it.
#include <catch2/catch.hpp>

#include "plugin/auth/record_changes.hpp"

using namespace tether::auth;
using tether::record::connection_state;
using tether::record::token_record;

namespace {

constexpr std::int64_t t0 = 1'700'000'000'000;

token_record authorized(const std::string& access, std::int64_t issued = t0) {
    token_record r;
    r.state = connection_state::authorized;
    r.access_token = access;
    r.refresh_token = "refresh-of-" + access;
    r.issued_at_ms = issued;
    r.declared_lifetime_s = 3600;
    r.scopes = {"READ_SHEETS"};
    r.user_id = "1001";
    return r;
}

token_record with_lesson(token_record r) {
    r.learned_lifetime_ms = 120'000;
    r.early_death_age_ms = 130'000;
    r.lesson_learned_at_ms = t0;
    return r;
}

granted_tokens minted(const std::string& access, std::int64_t issued) {
    return granted_tokens{access, "refresh-of-" + access, issued, 3600, {}};
}

}  // namespace

TEST_CASE("a refresh lays its pair over the pair it replaced, keeping the grant's lesson") {
    const auto change = tokens_refreshed(minted("a2", t0 + 60'000), "a1", t0 + 59'000, true, std::nullopt);
    const auto next = change(with_lesson(authorized("a1")));
    REQUIRE(next);
    CHECK(next->access_token == "a2");
    CHECK(next->refresh_token == "refresh-of-a2");
    CHECK(next->issued_at_ms == t0 + 60'000);
    CHECK(next->learned_lifetime_ms == 120'000);  // same grant, same lesson
    CHECK(next->scopes == std::vector<std::string>{"READ_SHEETS"});
    CHECK(next->user_id == "1001");
}

TEST_CASE("a refresh that learned from an early death records the lesson with its pair") {
    const lifetime_lesson lesson{90'000, 100'000, t0 + 100'000};
    const auto next = tokens_refreshed(minted("a2", t0 + 100'000), "a1", t0 + 100'000, true, lesson)(authorized("a1"));
    REQUIRE(next);
    CHECK(next->learned_lifetime_ms == 90'000);
    CHECK(next->early_death_age_ms == 100'000);
    CHECK(next->lesson_learned_at_ms == t0 + 100'000);
}

TEST_CASE("a refresh is moot when a sibling's newer pair is stored, or the grant was revoked meanwhile") {
    const auto change = tokens_refreshed(minted("a2", t0 + 60'000), "a1", t0 + 59'000, true, std::nullopt);
    CHECK_FALSE(change(authorized("sibling", t0 + 59'500)));  // a sibling refreshed after we started
    CHECK_FALSE(change(authorized("a2", t0 + 60'000)));       // ours is already there
    token_record revoked_record;
    CHECK_FALSE(change(revoked_record));  // never resurrected
}

TEST_CASE("a refresh is laid over a sibling's verdict on the pair it replaced") {
    token_record judged = authorized("a1");
    judged.state = connection_state::reconnect_required;
    judged.reconnect_reason = "invalid_grant";
    const auto next = tokens_refreshed(minted("a2", t0 + 60'000), "a1", t0 + 59'000, true, std::nullopt)(judged);
    REQUIRE(next);
    CHECK(next->state == connection_state::authorized);
    CHECK(next->reconnect_reason.empty());
}

TEST_CASE("a refresh answer without a refresh token kills the old one only when the provider rotates") {
    granted_tokens no_refresh = minted("a2", t0);
    no_refresh.refresh_token.clear();
    CHECK(tokens_refreshed(no_refresh, "a1", t0, true, std::nullopt)(authorized("a1"))->refresh_token.empty());
    CHECK(tokens_refreshed(no_refresh, "a1", t0, false, std::nullopt)(authorized("a1"))->refresh_token ==
          "refresh-of-a1");
}

TEST_CASE("a reconnect verdict applies to the grant it judged, and forgets that grant's lesson") {
    const auto verdict = reconnect_required("a1", "invalid_grant", "the refresh token was rejected", t0);
    const auto next = verdict(with_lesson(authorized("a1")));
    REQUIRE(next);
    CHECK(next->state == connection_state::reconnect_required);
    CHECK(next->reconnect_reason == "invalid_grant");
    CHECK(next->reconnect_since_ms == t0);
    CHECK_FALSE(next->learned_lifetime_ms);
    CHECK_FALSE(next->early_death_age_ms);

    CHECK_FALSE(verdict(authorized("sibling-refreshed")));  // other tokens by now: not about them
    CHECK_FALSE(verdict(*next));                             // an earlier verdict stands
}

TEST_CASE("a new authorization starts a new record: no lesson, verdict, cooldown or pending state survives") {
    token_record old = with_lesson(authorized("a1"));
    old.state = connection_state::reconnect_required;
    old.reconnect_reason = "revoked";
    old.refresh_failures = 4;
    old.refresh_blocked_until_ms = t0 + 1;
    old.pending = tether::record::pending_authorization{"state", "", "", t0};
    const bound_origins origins{"https://api.example:443", "https://auth.example:443", ""};
    const auto next = grant_authorized(granted_tokens{"a9", "r9", t0, 3600, {"READ_SHEETS"}}, "1001", origins)(old);
    REQUIRE(next);
    CHECK(next->state == connection_state::authorized);
    CHECK(next->access_token == "a9");
    CHECK_FALSE(next->learned_lifetime_ms);
    CHECK(next->lesson_learned_at_ms == 0);
    CHECK(next->reconnect_reason.empty());
    CHECK(next->refresh_failures == 0);
    CHECK_FALSE(next->pending);
    CHECK(next->api_origin == "https://api.example:443");
    CHECK(next->token_origin == "https://auth.example:443");

    const auto api = api_token_stored("api-token", t0, origins)(old);
    REQUIRE(api);
    CHECK(api->api_token);
    CHECK_FALSE(api->learned_lifetime_ms);
    CHECK(api->state == connection_state::authorized);
    CHECK(api->api_origin == "https://api.example:443");
    CHECK(api->token_origin.empty());  // an API token has no token endpoint
}

TEST_CASE("an API token from the settings is adopted only into a record without a grant") {
    const bound_origins origins{"https://api.example:443", "", ""};
    CHECK(api_token_adopted("api-token", t0, origins)(token_record{}));
    CHECK_FALSE(api_token_adopted("api-token", t0, origins)(authorized("a1")));
}

TEST_CASE("a failed refresh counts, and its cooldown grows with the failures every process counted") {
    token_record r = authorized("a1");
    const auto fail = [&](const token_record& current) {
        return *refresh_failed("a1", t0, 0.5, std::nullopt, false)(current);
    };
    const auto once = fail(r);
    const auto twice = fail(once);
    CHECK(once.refresh_failures == 1);
    CHECK(twice.refresh_failures == 2);
    CHECK(once.refresh_blocked_until_ms - t0 == refresh_cooldown_ms(1, 0.5, std::nullopt));
    CHECK(twice.refresh_blocked_until_ms - t0 > once.refresh_blocked_until_ms - t0);
    CHECK(refresh_cooldown_ms(30, 1.0, std::nullopt) <= 300'000);
    CHECK(refresh_cooldown_ms(1, 0.0, 45'000) == 45'000);  // the provider's Retry-After is honoured
    CHECK_FALSE(refresh_failed("a1", t0, 0.5, std::nullopt, false)(authorized("sibling")));
    CHECK(refresh_failed("a1", t0, 0.5, std::nullopt, true)(r)->last_refresh_lost_in_transit);
}

TEST_CASE("a lesson is forgotten only for the token and the lesson that were disproved") {
    const auto r = with_lesson(authorized("a1"));
    const auto forgotten = lesson_forgotten("a1", 120'000)(r);
    REQUIRE(forgotten);
    CHECK_FALSE(forgotten->learned_lifetime_ms);
    CHECK_FALSE(lesson_forgotten("a0", 120'000)(r));  // another token
    CHECK_FALSE(lesson_forgotten("a1", 60'000)(r));   // a newer lesson since
}

TEST_CASE("a revoke empties the record, a pending authorization keeps everything else") {
    const auto emptied = revoked()(with_lesson(authorized("a1")));
    REQUIRE(emptied);
    CHECK(emptied->state == connection_state::unauthorized);
    CHECK_FALSE(emptied->has_tokens());
    CHECK_FALSE(emptied->learned_lifetime_ms);
    CHECK_FALSE(revoked()(token_record{}));  // nothing to empty

    const auto pending = authorization_pending({"st", "verifier", "https://x/cb", t0})(authorized("a1"));
    REQUIRE(pending);
    CHECK(pending->access_token == "a1");
    REQUIRE(pending->pending);
    CHECK(pending->pending->state == "st");
}
