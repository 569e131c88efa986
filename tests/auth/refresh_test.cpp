// Refresh against the emulator: proactive refresh, rotation, learned lifetimes, clock skew, outages,
// revocation, "mint then fail" and storage failures.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <thread>

#include "tests/auth/engine_fixture.hpp"

using namespace tether_test;
using tether::status;
using namespace std::chrono_literals;

namespace {

std::string stored(engine_fixture& f, const char* field, const std::string& id = "conn-1") {
    const auto record = f.host_ref->record(id);
    const auto* v = record.as_object().if_contains(field);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace

TEST_CASE("a token within its lifetime is served without any token request") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    for (int i = 0; i < 5; ++i) {
        f.emulator.advance_clock(std::chrono::hours(12));
        REQUIRE(c->call(call_of("users.me")).code == status::ok);
    }
    CHECK(f.token_requests() == 0);
}

TEST_CASE("a token past ~85% of its lifetime is refreshed once, proactively, and the rotation is stored") {
    engine_fixture f;
    const auto first = f.seed_tokens();
    auto c = f.open();
    f.emulator.advance_clock(std::chrono::seconds(604799 * 92 / 100));
    REQUIRE(c->call(call_of("users.me")).code == status::ok);
    CHECK(f.token_requests() == 1);
    CHECK(f.emulator.count("GET /2.0/users/me") == 1);  // no 401 first: the refresh came before need
    CHECK_FALSE(f.emulator.is_live(first.refresh_token));
    CHECK(stored(f, "refresh_token") != first.refresh_token);
    CHECK(f.emulator.is_live(stored(f, "refresh_token")));
    CHECK(f.emulator.is_live(stored(f, "access_token")));
    REQUIRE(c->call(call_of("users.me")).code == status::ok);
    CHECK(f.token_requests() == 1);
}

TEST_CASE("connections issued together do not all refresh at the same moment") {
    std::set<std::int64_t> moments;
    tether::manifest::refresh_policy policy;
    for (int i = 0; i < 50; ++i) {
        tether::record::token_record r;
        r.declared_lifetime_s = 604799;
        const auto plan = tether::auth::plan_refresh(r, policy, tether::auth::connection_jitter_unit("conn-" + std::to_string(i)));
        moments.insert(*plan.refresh_at_ms / 60000);
    }
    CHECK(moments.size() > 40);
}

TEST_CASE("an expired token is refreshed once and the call retried once") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.emulator.advance_clock(std::chrono::seconds(604800 + 60));
    const auto o = c->call(call_of("users.me"));
    REQUIRE(o.code == status::ok);
    CHECK(f.token_requests() == 1);
}

TEST_CASE("an admin lifetime of 1/10 is learned after the first early death: no further 401") {
    engine_fixture f;
    f.seed_tokens();
    f.emulator.set_admin_lifetime(604799 / 10);  // about 16.8 hours
    auto c = f.open();

    int unauthorized_before = 0;
    for (int step = 0; step < 200; ++step) {  // 200 × 30 min ≈ 4 days of calls
        f.emulator.advance_clock(30min);
        REQUIRE(c->call(call_of("users.me")).code == status::ok);
        if (step == 40) {
            const auto log = f.emulator.request_log();
            unauthorized_before = static_cast<int>(
                std::count_if(log.begin(), log.end(), [](const auto& e) { return e.status == 401; }));
        }
    }
    const auto log = f.emulator.request_log();
    const auto unauthorized = std::count_if(log.begin(), log.end(), [](const auto& e) { return e.status == 401; });
    CHECK(unauthorized == 1);  // only the first, early death
    CHECK(unauthorized_before == 1);
    const auto learned = f.host_ref->record("conn-1").at("learned_lifetime_ms").as_int64();
    CHECK(learned < 604799LL * 1000 / 10);
    CHECK(learned > 604799LL * 1000 / 10 / 2);
    CHECK(f.token_requests() >= 5);  // it keeps refreshing ahead of the admin lifetime
}

TEST_CASE("an admin-expired token that answers 1002 is learned the same way") {
    emu::emulator_options options;
    options.admin_expired_error_code = 1002;
    engine_fixture f(options);
    f.seed_tokens();
    f.emulator.set_admin_lifetime(3600);
    auto c = f.open();
    for (int step = 0; step < 24; ++step) {
        f.emulator.advance_clock(20min);
        REQUIRE(c->call(call_of("users.me")).code == status::ok);
    }
    const auto log = f.emulator.request_log();
    CHECK(std::count_if(log.begin(), log.end(), [](const auto& e) { return e.status == 401; }) == 1);
}

TEST_CASE("clock skew: a host clock behind or ahead of the provider still refreshes at the right time") {
    for (const std::int64_t skew_ms : {-2LL * 3600 * 1000, 2LL * 3600 * 1000}) {
        DYNAMIC_SECTION("host clock off by " << skew_ms / 1000 << " s") {
            emu::emulator_options options;
            options.declared_lifetime_s = 4 * 3600;
            engine_fixture f(options);
            f.host_ref->host_skew_ms = skew_ms;
            f.seed_tokens();
            // The record's issue time is the provider's; the host must translate its own clock.
            auto c = f.open();
            REQUIRE(c->call(call_of("users.me")).code == status::ok);  // learns the skew from Date
            f.emulator.advance_clock(std::chrono::minutes(120));       // 50% of the lifetime
            REQUIRE(c->call(call_of("users.me")).code == status::ok);
            CHECK(f.token_requests() == 0);  // not too early
            f.emulator.advance_clock(std::chrono::minutes(100));       // ~92%
            REQUIRE(c->call(call_of("users.me")).code == status::ok);
            CHECK(f.token_requests() == 1);  // not too late: before the token died
            const auto log = f.emulator.request_log();
            CHECK(std::count_if(log.begin(), log.end(), [](const auto& e) { return e.status == 401; }) == 0);
        }
    }
}

TEST_CASE("the Date header's skew is applied in the right direction") {
    emu::emulator_options options;
    options.declared_lifetime_s = 4 * 3600;
    engine_fixture f(options);
    f.emulator.set_date_skew(std::chrono::hours(-1));  // the provider's clock (Date) says an hour earlier
    auto c = f.open();
    // Authorize through the browser dance so that the issue time comes from the (skewed) Date header.
    f.seed_tokens();
    REQUIRE(c->call(call_of("users.me")).code == status::ok);
    f.emulator.advance_clock(std::chrono::minutes(215));  // ~90%
    REQUIRE(c->call(call_of("users.me")).code == status::ok);
    CHECK(f.token_requests() <= 1);
    const auto log = f.emulator.request_log();
    CHECK(std::count_if(log.begin(), log.end(), [](const auto& e) { return e.status == 401; }) == 0);
}

TEST_CASE("32 threads calling through one expired connection make exactly one token request") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    REQUIRE(c->call(call_of("users.me")).code == status::ok);
    f.emulator.advance_clock(std::chrono::seconds(604800 + 5));

    std::vector<std::thread> threads;
    std::atomic<int> ok{0}, reconnect{0};
    for (int t = 0; t < 32; ++t)
        threads.emplace_back([&] {
            const auto o = c->call(call_of("users.me"));
            if (o.code == status::ok) ++ok;
            if (o.code == status::reconnect_required) ++reconnect;
        });
    for (auto& t : threads) t.join();
    CHECK(ok == 32);
    CHECK(reconnect == 0);
    CHECK(f.token_requests() == 1);
}

TEST_CASE("a sibling's rotation is adopted, not reported as reconnect") {
    engine_fixture f;
    f.seed_tokens();
    auto mine = f.open();
    REQUIRE(mine->call(call_of("users.me")).code == status::ok);  // caches the old pair
    {
        // Another worker (same store, its own in-memory state) refreshes: the old pair dies.
        auto sibling = f.open();
        REQUIRE(sibling->refresh(true).code == status::ok);
    }
    CHECK(f.token_requests() == 1);
    f.emulator.advance_clock(std::chrono::hours(30));  // the old token dies "early" only because it was rotated
    const auto o = mine->call(call_of("users.me"));  // old token → 401 → re-read → the sibling's pair
    CHECK(o.code == status::ok);
    CHECK(f.token_requests() == 1);
    CHECK(f.host_ref->record("conn-1").as_object().if_contains("learned_lifetime_ms") == nullptr);
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "authorized");

    // And when this process refreshes with the dead refresh token it held, it re-reads instead of giving up.
    f.emulator.advance_clock(std::chrono::seconds(1));
    auto sibling2 = f.open();
    REQUIRE(sibling2->refresh(true).code == status::ok);
    CHECK(mine->refresh(true).code == status::ok);
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "authorized");
}

TEST_CASE("a mint that loses the CAS race to a sibling's reconnect mark is laid over it, never lost") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    REQUIRE(c->call(call_of("users.me")).code == status::ok);
    // Just before our rotated pair is written, a sibling (which tried the old refresh token after our rotation
    // and was told invalid_grant) marks the connection reconnect_required.
    f.host_ref->before_next_store = [&] {
        auto marked = f.host_ref->record("conn-1").as_object();
        marked["state"] = "reconnect_required";
        marked["reconnect_reason"] = "invalid_grant";
        f.host_ref->put_record("conn-1", boost::json::serialize(marked));
    };
    const auto o = c->refresh(true);
    CHECK(o.code == status::ok);
    CHECK(f.token_requests() == 1);
    const auto record = f.host_ref->record("conn-1");
    CHECK(record.at("state").as_string() == "authorized");
    CHECK(f.emulator.is_live(std::string(record.at("access_token").as_string())));
    CHECK(f.emulator.is_live(std::string(record.at("refresh_token").as_string())));
    CHECK(f.host_ref->version("conn-1") == 3);  // seed, the sibling's mark, our pair over it
    CHECK(c->call(call_of("users.me")).code == status::ok);
}

TEST_CASE("a store that fails after a mint keeps the pair and stores it later, wasting no token request") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.host_ref->fail_stores = 1;
    const auto o = c->refresh(true);
    CHECK(o.code == status::storage_error);
    CHECK(f.token_requests() == 1);
    const std::string minted_access = c->keeper().snapshot().record.access_token;
    CHECK(f.emulator.is_live(minted_access));

    const auto next = c->call(call_of("users.me"));  // the next opportunity: persist, then call
    CHECK(next.code == status::ok);
    CHECK(stored(f, "access_token") == minted_access);
    CHECK(f.token_requests() == 1);
}

TEST_CASE("a token endpoint down for 10 minutes is transient throughout, with bounded attempts") {
    emu::emulator_options options;
    options.declared_lifetime_s = 3600;
    engine_fixture f(options);
    f.seed_tokens();
    auto c = f.open();
    f.emulator.advance_clock(std::chrono::seconds(3600 + 10));
    f.emulator.add_fault(token_endpoint_outage());

    int calls = 0;
    for (int second = 0; second < 600; second += 5, ++calls) {
        const auto o = c->call(call_of("users.me"));
        CHECK(o.code == status::transient);
        CHECK(o.retry_after_ms > 0);
        f.emulator.advance_clock(5s);
    }
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "authorized");
    // Cooldown 2 s, 4 s, 8 s … capped at 5 min: a handful of attempts, not one per call.
    CHECK(f.token_requests() <= 10);
    CHECK(f.token_requests() >= 3);
    f.emulator.clear_faults();
    f.emulator.advance_clock(std::chrono::minutes(6));
    CHECK(c->call(call_of("users.me")).code == status::ok);
}

TEST_CASE("a revoked grant: exactly one refresh attempt, then reconnect (revoked) and no more token calls") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    f.emulator.revoke_all_tokens(engine_fixture::user);
    const auto first = c->call(call_of("users.me"));
    CHECK(first.code == status::reconnect_required);
    CHECK(first.reason == "revoked");
    CHECK(first.first_failure->http_status == 401);
    CHECK(f.token_requests() == 1);
    for (int i = 0; i < 5; ++i) {
        const auto again = c->call(call_of("users.me"));
        CHECK(again.code == status::reconnect_required);
        CHECK(again.reason == "revoked");
    }
    CHECK(c->refresh(true).code == status::reconnect_required);
    CHECK(f.token_requests() == 1);
    const auto record = f.host_ref->record("conn-1");
    CHECK(record.at("state").as_string() == "reconnect_required");
    CHECK(record.at("reconnect_reason").as_string() == "revoked");
    CHECK(record.as_object().if_contains("learned_lifetime_ms") == nullptr);  // a revocation is not a lifetime
}

TEST_CASE("mint then fail: transient first, then reconnect with a diagnosis of the lost pair, no loop") {
    engine_fixture f;
    f.seed_tokens();
    auto c = f.open();
    emu::fault_rule lost;
    lost.kind = emu::fault_kind::mint_then_fail;
    lost.path = "/2.0/token";
    f.emulator.add_fault(lost);

    const auto first = c->refresh(true);
    CHECK(first.code == status::transient);
    f.emulator.advance_clock(std::chrono::minutes(10));
    const auto second = c->refresh(true);
    CHECK(second.code == status::reconnect_required);
    CHECK(second.reason == "invalid_grant");
    CHECK_THAT(second.message, Catch::Contains("lost"));
    CHECK(f.token_requests() == 2);
    CHECK(c->refresh(true).code == status::reconnect_required);
    CHECK(f.token_requests() == 2);
}

TEST_CASE("a bad client secret at refresh is a config error, never a reconnect") {
    engine_fixture f;
    f.seed_tokens();
    auto s = boost::json::parse(f.settings_json()).as_object();
    s["client_secret"] = "wrong-secret-value";
    auto resolved = tether::manifest::resolve_settings(f.connector->manifest(), s);
    tether::connection c(*f.connector, "conn-1", std::get<tether::manifest::resolved_settings>(resolved));
    const auto o = c.refresh(true);
    CHECK(o.code == status::config_error);
    CHECK(f.host_ref->record("conn-1").at("state").as_string() == "authorized");
}

TEST_CASE("revoke calls the provider and clears the stored tokens") {
    engine_fixture f;
    const auto pair = f.seed_tokens();
    auto c = f.open();
    const auto o = c->revoke();
    CHECK(o.code == status::ok);
    CHECK_FALSE(f.emulator.is_live(pair.access_token));
    CHECK(f.emulator.count("DELETE /2.0/token") == 1);
    const auto record = f.host_ref->record("conn-1");
    CHECK(record.at("state").as_string() == "unauthorized");
    CHECK(record.as_object().if_contains("access_token") == nullptr);
    CHECK(c->call(call_of("users.me")).code == status::reconnect_required);
}

TEST_CASE("a damaged stored record is reported and kept, never overwritten by a refresh") {
    engine_fixture f;
    f.host_ref->put_record("conn-1", "{\"schema\":1,\"state\":\"authorized\",\"access_token\":42}");
    auto c = f.open();
    const auto o = c->call(call_of("users.me"));
    CHECK(o.code == status::storage_error);
    CHECK(o.reason == "record_unreadable");
    CHECK_THAT(o.message, Catch::Contains("access_token"));
    CHECK(f.host_ref->version("conn-1") == 1);
    CHECK(f.token_requests() == 0);
}
