// A reconnect verdict sticks: once the provider says the grant is dead, every verb answers RECONNECT_REQUIRED
// at once, without a token request — even while the host's storage cannot record the verdict.
#include <catch2/catch.hpp>

#include "tests/auth/engine_fixture.hpp"

using namespace tether_test;
using tether::status;

namespace {

emu::fault_rule invalid_grant_forever() {
    emu::fault_rule rule;
    rule.kind = emu::fault_kind::error_status;
    rule.path = "/2.0/token";
    rule.grant_type = "refresh_token";
    rule.status = 400;
    rule.error_code = 1071;  // invalid_grant: the refresh token is invalid, expired or already used
    rule.times = emu::fault_rule::forever;
    return rule;
}

// A connection whose expired token meets a dead refresh token while the store cannot write: the verdict is
// held in memory.
std::unique_ptr<tether::connection> judged_while_store_fails(engine_fixture& f) {
    f.seed_tokens();
    auto c = f.open();
    f.emulator.add_fault(invalid_grant_forever());
    f.emulator.advance_clock(std::chrono::seconds(604800 + 60));
    f.host_ref->fail_stores = 1000;
    REQUIRE(c->call(call_of("users.me")).code == status::reconnect_required);
    return c;
}

}  // namespace

TEST_CASE("a verdict the store cannot record still sticks: no further token request") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    REQUIRE(c->call(call_of("users.me")).code == status::ok);
    f.emulator.add_fault(invalid_grant_forever());
    f.emulator.advance_clock(std::chrono::seconds(604800 + 60));  // expired: the next call must refresh
    f.host_ref->fail_stores = 1000;                               // and the store cannot write anything

    const auto first = c->call(call_of("users.me"));
    CHECK(first.code == status::reconnect_required);
    CHECK(first.reason == "invalid_grant");
    CHECK(f.token_requests() == 1);
    const int requests_before = f.http_ref->sent;
    for (int i = 0; i < 3; ++i) {
        const auto again = c->call(call_of("users.me"));
        CHECK(again.code == status::reconnect_required);
        CHECK(again.reason == "invalid_grant");
    }
    CHECK(c->refresh(true).code == status::reconnect_required);
    CHECK(f.http_ref->sent == requests_before);  // no request of any kind for a dead grant
    CHECK(f.token_requests() == 1);
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "authorized");  // not stored yet …

    f.host_ref->fail_stores = 0;  // … until the store works again: the next verb writes it first
    CHECK(c->call(call_of("users.me")).code == status::reconnect_required);
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "reconnect_required");
    CHECK(f.host_ref->record("conn-1").at("reconnect_reason").as_string() == "invalid_grant");
    CHECK(f.token_requests() == 1);
}

TEST_CASE("a verdict held in memory gives way to a sibling's new grant") {
    engine_fixture f;
    auto c = judged_while_store_fails(f);

    // Meanwhile the user re-authorized through another worker, which stored a new grant.
    f.emulator.clear_faults();
    f.host_ref->fail_stores = 0;
    f.seed_tokens();
    CHECK(c->call(call_of("users.me")).code == status::ok);
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "authorized");
}

TEST_CASE("a new authorization in this process ends a verdict held in memory") {
    engine_fixture f;
    auto c = judged_while_store_fails(f);

    f.host_ref->fail_stores = 0;
    f.emulator.clear_faults();
    REQUIRE(authorize_in_browser(*c).code == status::ok);
    CHECK(c->call(call_of("users.me")).code == status::ok);
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "authorized");
}
