// The refresh decision as a table: what the record, the plan, the time and the asker make of a refresh.
#include <catch2/catch.hpp>

#include "plugin/auth/refresh_decision.hpp"

using namespace tether::auth;
using tether::record::connection_state;
using tether::record::token_record;

namespace {

constexpr std::int64_t issued = 1'000'000'000;
constexpr std::int64_t hour = 3'600'000;

// An authorized record issued at `issued` with a one-hour declared lifetime; the plan refreshes at 85%.
token_record authorized(std::string access = "access-current") {
    token_record r;
    r.state = connection_state::authorized;
    r.access_token = std::move(access);
    r.refresh_token = "refresh-current";
    r.issued_at_ms = issued;
    r.declared_lifetime_s = 3600;
    return r;
}

refresh_decision decide(const token_record& r, std::int64_t now, refresh_trigger trigger,
                        const std::string& observed = "access-current") {
    const tether::manifest::refresh_policy policy;  // 0.85 ± 0.05, unit 0 → exactly 85%
    return decide_refresh(r, plan_refresh(r, policy, 0.0), now, {trigger, observed});
}

struct row {
    const char* name;
    token_record record;
    std::int64_t now;
    refresh_trigger trigger;
    std::string observed;
    refresh_action expected;
    std::int64_t wait_ms;  // checked when >= 0
    const char* reason;    // checked when not null
};

token_record with(token_record r, void (*edit)(token_record&)) {
    edit(r);
    return r;
}

}  // namespace

TEST_CASE("the refresh decision, row by row") {
    const std::int64_t fresh = issued + hour / 2;          // 50% of the lifetime
    const std::int64_t due = issued + hour * 86 / 100;     // past 85%
    const std::int64_t dead = issued + hour + 1;           // past the declared lifetime
    const auto reconnect = with(authorized(), [](token_record& r) {
        r.state = connection_state::reconnect_required;
        r.reconnect_reason = "invalid_grant";
    });
    const auto never = token_record{};
    const auto no_refresh = with(authorized(), [](token_record& r) { r.refresh_token.clear(); });
    const auto cooling = with(authorized(), [](token_record& r) { r.refresh_blocked_until_ms = issued + hour; });
    const auto api = with(authorized(), [](token_record& r) {
        r.api_token = true;
        r.refresh_token.clear();
        r.declared_lifetime_s = 0;
    });
    const auto learned = with(authorized(), [](token_record& r) {
        r.learned_lifetime_ms = hour / 10;  // an admin lifetime of 6 minutes …
        r.lesson_learned_at_ms = issued;    // … learned when this token was issued
    });
    const auto unknown_lifetime = with(authorized(), [](token_record& r) { r.declared_lifetime_s = 0; });

    const std::vector<row> rows = {
        // A fresh token is used as it is — unless the host forces a refresh or the provider rejected it.
        {"fresh, due-check", authorized(), fresh, refresh_trigger::due, "access-current", refresh_action::not_needed,
         issued + hour * 85 / 100 - fresh, nullptr},
        {"fresh, refresh verb", authorized(), fresh, refresh_trigger::verb, "access-current",
         refresh_action::not_needed, -2, nullptr},
        {"fresh, forced", authorized(), fresh, refresh_trigger::forced, "access-current", refresh_action::refresh_now,
         -2, nullptr},
        {"fresh, rejected by the provider", authorized(), fresh, refresh_trigger::rejected, "access-current",
         refresh_action::refresh_now, -2, nullptr},
        // Due or dead: refresh now, whatever asked.
        {"due, due-check", authorized(), due, refresh_trigger::due, "access-current", refresh_action::refresh_now, -2,
         nullptr},
        {"due, refresh verb", authorized(), due, refresh_trigger::verb, "access-current", refresh_action::refresh_now,
         -2, nullptr},
        {"dead, due-check", authorized(), dead, refresh_trigger::due, "access-current", refresh_action::refresh_now,
         -2, nullptr},
        {"dead, rejected", authorized(), dead, refresh_trigger::rejected, "access-current",
         refresh_action::refresh_now, -2, nullptr},
        // A sibling replaced the token the asker saw: adopt its fresh token, never refresh again.
        {"sibling's fresh token, rejected", authorized("access-sibling"), fresh, refresh_trigger::rejected,
         "access-current", refresh_action::adopt, -2, nullptr},
        {"sibling's fresh token, forced", authorized("access-sibling"), fresh, refresh_trigger::forced,
         "access-current", refresh_action::adopt, -2, nullptr},
        {"sibling's fresh token, due-check", authorized("access-sibling"), fresh, refresh_trigger::due,
         "access-current", refresh_action::adopt, -2, nullptr},
        {"sibling's token is itself due", authorized("access-sibling"), due, refresh_trigger::rejected,
         "access-current", refresh_action::refresh_now, -2, nullptr},
        // Not authorized: nothing to refresh.
        {"reconnect required, rejected", reconnect, fresh, refresh_trigger::rejected, "access-current",
         refresh_action::not_usable, -2, nullptr},
        {"reconnect required, forced", reconnect, due, refresh_trigger::forced, "access-current",
         refresh_action::not_usable, -2, nullptr},
        {"never authorized", never, fresh, refresh_trigger::due, "", refresh_action::not_usable, -2, nullptr},
        // No refresh token: only a human can get one.
        {"no refresh token, due", no_refresh, due, refresh_trigger::due, "access-current", refresh_action::reconnect,
         -2, "refresh_token_missing"},
        {"no refresh token, rejected", no_refresh, fresh, refresh_trigger::rejected, "access-current",
         refresh_action::reconnect, -2, "refresh_token_missing"},
        {"no refresh token, fresh", no_refresh, fresh, refresh_trigger::due, "access-current",
         refresh_action::not_needed, -2, nullptr},
        // A cooldown after failed refreshes is waited out, even when forced or rejected.
        {"cooling down, due", cooling, due, refresh_trigger::due, "access-current", refresh_action::wait,
         issued + hour - due, nullptr},
        {"cooling down, rejected", cooling, fresh, refresh_trigger::rejected, "access-current", refresh_action::wait,
         issued + hour - fresh, nullptr},
        {"cooldown over", cooling, issued + hour, refresh_trigger::due, "access-current",
         refresh_action::refresh_now, -2, nullptr},
        // API access tokens are never refreshed: rejected means dead.
        {"api token, forced", api, fresh, refresh_trigger::forced, "access-current", refresh_action::not_needed, -2,
         nullptr},
        {"api token, rejected", api, fresh, refresh_trigger::rejected, "access-current", refresh_action::reconnect,
         -2, "api_token_invalid"},
        // A lesson moves the refresh earlier: at 85% of the learned 6 minutes.
        {"learned lifetime, before its 85%", learned, issued + hour / 10 * 80 / 100, refresh_trigger::due,
         "access-current", refresh_action::not_needed, -2, nullptr},
        {"learned lifetime, past its 85%", learned, issued + hour / 10 * 86 / 100, refresh_trigger::due,
         "access-current", refresh_action::refresh_now, -2, nullptr},
        // No lifetime known: never proactive; only the provider's 401 tells.
        {"unknown lifetime, a year later", unknown_lifetime, issued + 365 * 24 * hour, refresh_trigger::due,
         "access-current", refresh_action::not_needed, -1, nullptr},
        {"unknown lifetime, rejected", unknown_lifetime, fresh, refresh_trigger::rejected, "access-current",
         refresh_action::refresh_now, -2, nullptr},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        const auto d = decide(r.record, r.now, r.trigger, r.observed);
        CHECK(to_string(d.action) == to_string(r.expected));
        if (r.wait_ms >= -1) CHECK(d.wait_ms == r.wait_ms);
        if (r.reason != nullptr) CHECK(d.reason == r.reason);
    }
}

TEST_CASE("a lesson on trial plans the token on its declared lifetime again") {
    token_record r = authorized();
    r.learned_lifetime_ms = hour / 10;
    r.lesson_learned_at_ms = issued - 25 * hour;  // the lesson has stood for over a day
    const auto d = decide(r, issued + hour / 10 * 86 / 100, refresh_trigger::due);
    CHECK(to_string(d.action) == "not_needed");
}
