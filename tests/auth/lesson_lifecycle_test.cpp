// A lifetime lesson's whole life against the emulator, on its clock and tether's injected clock (no sleeping):
// learned from an early death, kept by its grant's refreshes, forgotten with its grant, and unlearned within
// a grant when a token outlives it.
#include <catch2/catch.hpp>

#include <algorithm>

#include "tests/auth/engine_fixture.hpp"

using namespace tether_test;
using namespace std::chrono_literals;
using tether::status;

namespace {

bool has_lesson(engine_fixture& f) {
    return f.host_ref->record("conn-1").as_object().if_contains("learned_lifetime_ms") != nullptr;
}

int unauthorized_responses(engine_fixture& f) {
    const auto log = f.emulator.request_log();
    return static_cast<int>(std::count_if(log.begin(), log.end(), [](const auto& e) { return e.status == 401; }));
}

// Calls users.me every `step` for `span`; every call must succeed.
void call_every(engine_fixture& f, tether::connection& c, std::chrono::seconds step, std::chrono::seconds span) {
    for (auto t = 0s; t < span; t += step) {
        f.emulator.advance_clock(step);
        const auto o = c.call(call_of("users.me"));
        INFO("at +" << t.count() << " s: " << o.reason << " " << o.message);
        REQUIRE(o.code == status::ok);
    }
}

emu::emulator_options declared_hour() {
    emu::emulator_options options;
    options.declared_lifetime_s = 3600;
    return options;
}

// Tokens declared for an hour, a plan admin's policy that kills them at 120 s, a user who authorized, and
// calls every 10 s until the first early death has taught the lesson.
struct learned_world {
    engine_fixture f{declared_hour()};
    std::unique_ptr<tether::connection> c;

    learned_world() {
        f.emulator.set_admin_lifetime(120);
        c = f.open();
        REQUIRE(authorize_in_browser(*c).code == status::ok);
        call_every(f, *c, 10s, 150s);
        REQUIRE(has_lesson(f));
    }
};

}  // namespace

TEST_CASE("a lesson belongs to its grant: after a revoke and a new authorization, the declared lifetime holds") {
    engine_fixture f(declared_hour());
    f.emulator.set_admin_lifetime(65);  // a plan admin's policy: tokens die at 65 s
    auto c = f.open();
    REQUIRE(authorize_in_browser(*c).code == status::ok);

    call_every(f, *c, 2s, 80s);
    CHECK(f.token_requests() >= 1);  // the early death at 65 s was refreshed away …
    REQUIRE(has_lesson(f));          // … and taught a lifetime shorter than the declared hour
    // About the admin's 65 s: ages are measured from an issue time read off a Date header (whole seconds).
    CHECK(f.host_ref->record("conn-1").at("learned_lifetime_ms").as_int64() <= 66'000);

    // The admin lifts the policy; the connection is revoked and the user authorizes again.
    f.emulator.set_admin_lifetime(std::nullopt);
    REQUIRE(c->revoke().code == status::ok);
    CHECK_FALSE(has_lesson(f));
    REQUIRE(authorize_in_browser(*c).code == status::ok);
    CHECK_FALSE(has_lesson(f));

    const int refreshes_before = f.token_requests();
    const int unauthorized_before = unauthorized_responses(f);
    call_every(f, *c, 3s, 130s);
    CHECK(f.token_requests() == refreshes_before);  // zero refresh grants: the new grant plans on its hour
    CHECK(unauthorized_responses(f) == unauthorized_before);
}

TEST_CASE("a reconnect verdict forgets the grant's lesson too") {
    learned_world w;
    auto& f = w.f;
    auto& c = w.c;

    f.emulator.revoke_all_tokens(engine_fixture::user);  // the user removed the app
    f.emulator.advance_clock(10s);
    CHECK(c->call(call_of("users.me")).code == status::reconnect_required);
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "reconnect_required");
    CHECK_FALSE(has_lesson(f));
}

TEST_CASE("within one grant, a lesson is put on trial after a day and dropped when the token outlives it") {
    learned_world w;
    auto& f = w.f;
    auto& c = w.c;
    const auto learned = f.host_ref->record("conn-1").at("learned_lifetime_ms").as_int64();
    CHECK(learned <= 121'000);  // the admin's 120 s, give or take a Date header's second

    // The admin lifts the policy but nobody revokes: the same grant goes on, refreshing early on its lesson.
    f.emulator.set_admin_lifetime(std::nullopt);
    const int before_day = f.token_requests();
    call_every(f, *c, 10min, 23h);
    CHECK(f.token_requests() - before_day >= 100);  // every call refreshes: the lesson says 2 minutes
    CHECK(has_lesson(f));

    // A day after the lesson, the next token is planned on the declared hour; it is accepted well past the
    // lesson, which proves the lesson wrong.
    call_every(f, *c, 10min, 2h);
    CHECK_FALSE(has_lesson(f));
    const int after_trial = f.token_requests();
    call_every(f, *c, 10min, 3h);
    CHECK(f.token_requests() - after_trial <= 4);  // one refresh per ~51 minutes, as the declared hour says
    CHECK(unauthorized_responses(f) == 1);         // only the first, early death of the policy's days
}

TEST_CASE("a lasting policy survives its trial: the token on trial dies, the call absorbs it, the lesson returns") {
    learned_world w;
    auto& f = w.f;
    auto& c = w.c;

    call_every(f, *c, 10min, 26h);  // past the trial: one token dies at 120 s again, refreshed and retried
    CHECK(has_lesson(f));
    CHECK(unauthorized_responses(f) == 2);  // the first death and the trial's, nothing more
}

TEST_CASE("a token used past its lesson while the token endpoint is down disproves the lesson") {
    learned_world w;
    auto& f = w.f;
    auto& c = w.c;
    f.emulator.set_admin_lifetime(std::nullopt);

    f.emulator.add_fault(token_endpoint_outage());
    // Refreshes fail; the current token stays in use until the end of its declared hour — and is accepted
    // past the 2-minute lesson.
    call_every(f, *c, 20s, 5min);
    CHECK_FALSE(has_lesson(f));
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "authorized");
}
