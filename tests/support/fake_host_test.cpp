// The fake host's contract: CAS storage and its injected failures, the lease, the fake clock and its sleeps,
// deterministic randomness, captured logs and the leak scan.
#include "tests/support/fake_host.hpp"

#include <array>
#include <catch2/catch.hpp>
#include <cstddef>

#include "plugin/core/redact.hpp"

using namespace tether_test;
using tether::status;

TEST_CASE("storage is compare-and-swap: a store succeeds only on the current version, which it bumps") {
    fake_host host;
    tether::stored_record read;
    CHECK(host.load_record("c", read) == status::ok);
    CHECK(read.version == 0);
    CHECK(host.record("c").is_null());

    CHECK(host.store_record("c", 0, R"({"n":1})") == status::ok);
    CHECK(host.version("c") == 1);
    CHECK(host.store_record("c", 0, R"({"n":2})") == status::conflict);
    CHECK(host.store_record("c", 1, R"({"n":2})") == status::ok);
    CHECK(host.version("c") == 2);
    CHECK(host.record("c").at("n").as_int64() == 2);

    host.put_record("c", R"({"n":3})");
    CHECK(host.version("c") == 3);
    CHECK(host.store_record("c", 2, R"({"n":4})") == status::conflict);
    CHECK(host.load_record("c", read) == status::ok);
    CHECK(read.data == R"({"n":3})");
    CHECK(read.version == 3);
    CHECK(host.load_calls() == 2);
    CHECK(host.store_calls() == 4);
}

TEST_CASE("storage failures are injected: the next loads, the next stores, and stores that stay broken") {
    fake_host host;
    host.put_record("c", "{}");
    tether::stored_record read;
    host.fail_next_loads(2);
    CHECK(host.load_record("c", read) == status::storage_error);
    CHECK(host.load_record("c", read) == status::storage_error);
    CHECK(host.load_record("c", read) == status::ok);

    host.fail_next_stores(1);
    CHECK(host.store_record("c", 1, "{}") == status::storage_error);
    CHECK(host.store_record("c", 1, "{}") == status::ok);

    host.break_stores(true);
    for (int i = 0; i < 3; ++i) CHECK(host.store_record("c", 2, "{}") == status::storage_error);
    host.break_stores(false);
    CHECK(host.store_record("c", 2, "{}") == status::ok);
    CHECK(host.version("c") == 3);
}

TEST_CASE("a hook run just before the next store plays a sibling writing in between, once") {
    fake_host host;
    host.put_record("c", R"({"by":"me"})");
    int runs = 0;
    host.before_next_store([&] {
        ++runs;
        host.put_record("c", R"({"by":"sibling"})");
    });
    CHECK(host.store_record("c", 1, R"({"by":"me again"})") == status::conflict);
    CHECK(host.record("c").at("by").as_string() == "sibling");
    CHECK(host.store_record("c", 2, R"({"by":"me again"})") == status::ok);
    CHECK(runs == 1);
}

TEST_CASE("the lease is off by default. When on, one owner holds it until release or its time-to-live") {
    fake_host host;
    CHECK_FALSE(host.has_lease());
    host.enable_lease();
    REQUIRE(host.has_lease());

    CHECK(host.acquire_lease("refresh:c", "a", 30'000) == status::ok);
    CHECK(host.acquire_lease("refresh:c", "a", 30'000) == status::ok);  // its holder may take it again
    CHECK(host.acquire_lease("refresh:c", "b", 30'000) == status::conflict);
    CHECK(host.release_lease("refresh:c", "b") == status::ok);  // not b's to release
    CHECK(host.lease_holder("refresh:c") == "a");
    CHECK(host.release_lease("refresh:c", "a") == status::ok);
    CHECK(host.acquire_lease("refresh:c", "b", 30'000) == status::ok);

    host.advance(30'000);  // b crashed: its lease lapses
    CHECK(host.lease_holder("refresh:c").empty());
    CHECK(host.acquire_lease("refresh:c", "a", 30'000) == status::ok);
}

TEST_CASE("the clock starts on 2026-01-01 and moves only when told to or when the engine sleeps") {
    fake_host host;
    CHECK(host.now_ms() == 1'767'225'600'000);
    CHECK(host.now_ms() == host.now());
    host.advance(5'000);
    CHECK(host.now_ms() == fake_host::start_ms + 5'000);
    host.sleep_ms(1'500);
    host.sleep_ms(0);
    CHECK(host.now_ms() == fake_host::start_ms + 6'500);
    CHECK(host.sleeps() == std::vector<std::int64_t>{1'500, 0});
}

TEST_CASE("random bytes are the same sequence in every host, differ from call to call, and can fail") {
    fake_host one, two;
    std::array<std::byte, 20> a{}, b{}, c{};
    REQUIRE(one.random_bytes(a) == status::ok);
    REQUIRE(two.random_bytes(b) == status::ok);
    REQUIRE(one.random_bytes(c) == status::ok);
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a != std::array<std::byte, 20>{});

    one.fail_random(true);
    CHECK(one.random_bytes(a) == status::host_error);
    CHECK(tether::random_unit(one) == 0.5);  // the engine's neutral jitter when the source fails
}

TEST_CASE("every log line is captured with its level, connection and operation") {
    fake_host host;
    host.log(tether::log_level::warn, "refresh failed", "conn-1", "refresh");
    host.log(tether::log_level::trace, "detail", "conn-2", "call");
    const auto lines = host.logs();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].level == tether::log_level::warn);
    CHECK(lines[0].message == "refresh failed");
    CHECK(lines[0].connection_id == "conn-1");
    CHECK(lines[0].operation == "refresh");
    CHECK(host.log_enabled(tether::log_level::trace));
    CHECK(host.log_messages() == std::vector<std::string>{"refresh failed", "detail"});
}

TEST_CASE("the leak scan reports a secret found in full by its redacted form only, and ignores its suffix") {
    const std::string secret = "refresh-token-0123456789abcdef";
    const std::vector<std::string> lines{"refreshing (refresh …abcdef)", "oops: " + secret};
    const auto leaked = leaked_secrets(lines, {secret, "absent-secret-value", ""});
    REQUIRE(leaked.size() == 1);
    CHECK(leaked[0] == tether::redact(secret));
    CHECK(leaked[0].find(secret) == std::string::npos);
    CHECK(leaked_secrets({lines[0]}, {secret}).empty());
}
