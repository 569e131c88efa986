// The record store: the only reader and writer of a connection's record. Changes are pure functions applied by
// compare-and-swap, applied again to a sibling's record when the race is lost; what must not be lost is held
// in memory until the store accepts it.
#include <catch2/catch.hpp>

#include <functional>

#include "plugin/record/record_store.hpp"
#include "tests/support/fake_host.hpp"

using namespace tether::record;
using tether::status;
using tether_test::fake_host;

namespace {

const std::string id = "conn-1";

std::string record_json(const std::string& access, const std::string& extra = "") {
    return R"({"schema":1,"state":"authorized","access_token":")" + access + R"(","refresh_token":"r-)" + access +
           R"(")" + extra + "}";
}

// Sets the access token to `access`; moot when it already is.
record_change set_access(std::string access) {
    return [access](const token_record& current) -> std::optional<token_record> {
        if (current.access_token == access) return std::nullopt;
        token_record next = current;
        next.state = connection_state::authorized;
        next.access_token = access;
        return next;
    };
}

// Adds a scope: shows that a change meets whatever record is there and keeps what it does not touch.
record_change add_scope(std::string scope) {
    return [scope](const token_record& current) -> std::optional<token_record> {
        token_record next = current;
        next.scopes.push_back(scope);
        return next;
    };
}

struct store_fixture {
    fake_host host;
    tether::http::clock_skew skew;
    tether::record::record_keyring keys;
    record_store store{id, host, skew, keys};

    std::string stored(const char* field) const {
        const auto record = host.record(id);
        if (!record.is_object()) return {};
        const auto* v = record.as_object().if_contains(field);
        return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
    }
};

}  // namespace

TEST_CASE("a change is applied to the stored record and written as its next version") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    const auto result = f.store.update(set_access("a2"), {});
    CHECK(result.applied);
    CHECK_FALSE(result.failure);
    CHECK(f.host.version(id) == 2);
    CHECK(f.stored("access_token") == "a2");
    CHECK(f.stored("refresh_token") == "r-a1");  // what the change did not touch is kept
    CHECK(f.store.view().version == 2);
    CHECK(f.store.view().record.access_token == "a2");
}

TEST_CASE("a change that finds the record already as it wants writes nothing") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    const auto result = f.store.update(set_access("a1"), {});
    CHECK_FALSE(result.applied);
    CHECK_FALSE(result.failure);
    CHECK(f.host.store_calls() == 0);
    CHECK(f.host.version(id) == 1);
}

TEST_CASE("a change that loses the race is applied again to the winner's record") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    REQUIRE_FALSE(f.store.load());  // the view is at version 1
    // A sibling writes version 2 between our read and our write.
    f.host.before_next_store([&] { f.host.put_record(id, record_json("a1", R"(,"scopes":["SIBLING"])")); });
    const auto result = f.store.update(add_scope("OURS"), {});
    CHECK(result.applied);
    CHECK(f.host.version(id) == 3);
    const auto scopes = f.host.record(id).at("scopes").as_array();
    REQUIRE(scopes.size() == 2);  // the sibling's scope survives; ours is added to it
    CHECK(scopes[0].as_string() == "SIBLING");
    CHECK(scopes[1].as_string() == "OURS");
}

TEST_CASE("a change made moot by the winner's record is not written") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    REQUIRE_FALSE(f.store.load());
    f.host.before_next_store([&] { f.host.put_record(id, record_json("a2")); });  // a sibling got there first
    const auto result = f.store.update(set_access("a2"), {});
    CHECK_FALSE(result.applied);
    CHECK_FALSE(result.failure);
    CHECK(f.host.version(id) == 2);
    CHECK(f.store.view().record.access_token == "a2");  // the view follows the winner
    CHECK(f.store.view().version == 2);
}

TEST_CASE("a record that keeps changing is given up on after a bounded number of rounds") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    int sibling_writes = 0;
    std::function<void()> sibling = [&] {
        ++sibling_writes;
        f.host.put_record(id, record_json("a1"));
        f.host.before_next_store(sibling);
    };
    f.host.before_next_store(sibling);
    const auto result = f.store.update(add_scope("OURS"), {durability::ordinary, false, "the scope"});
    f.host.before_next_store(nullptr);
    REQUIRE(result.failure);
    CHECK(result.failure->code == status::storage_error);
    CHECK(result.failure->reason == "storage_conflict");
    CHECK(f.host.store_calls() == max_store_rounds);
    CHECK(sibling_writes == max_store_rounds);
}

TEST_CASE("an ordinary change that cannot be stored is reported and forgotten") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    f.host.fail_next_stores(1);
    const auto result = f.store.update(set_access("a2"), {durability::ordinary, false, "the access token"});
    REQUIRE(result.failure);
    CHECK(result.failure->reason == "storage_unavailable");
    CHECK_THAT(result.failure->message, Catch::Contains("the access token"));
    CHECK_FALSE(f.store.view().unsaved);
    CHECK(f.store.view().record.access_token == "a1");
    REQUIRE_FALSE(f.store.load());
    CHECK(f.stored("access_token") == "a1");
}

TEST_CASE("a must-keep change that cannot be stored is held in memory and written before the next read") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    f.host.break_stores(true);
    const auto result = f.store.update(set_access("minted"), {durability::must_keep, false, "the refreshed tokens"});
    REQUIRE(result.failure);
    CHECK(result.applied);
    CHECK(f.store.view().unsaved);
    CHECK(f.store.view().record.access_token == "minted");  // this process uses it
    CHECK(f.stored("access_token") == "a1");

    CHECK(f.store.load());  // the store is still broken: the change stays held
    CHECK(f.store.view().record.access_token == "minted");
    CHECK(f.store.view().unsaved);

    f.host.break_stores(false);
    CHECK_FALSE(f.store.load());  // written first, then read
    CHECK(f.stored("access_token") == "minted");
    CHECK_FALSE(f.store.view().unsaved);
}

TEST_CASE("held changes are applied to what a sibling wrote meanwhile, in order, with the next change") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    f.host.fail_next_stores(1);
    REQUIRE(f.store.update(add_scope("FIRST"), {durability::must_keep, false, "the first scope"}).failure);
    f.host.put_record(id, record_json("a1", R"(,"scopes":["SIBLING"])"));  // version 2
    const auto result = f.store.update(add_scope("SECOND"), {durability::ordinary, false, "the second scope"});
    CHECK_FALSE(result.failure);
    CHECK(f.host.version(id) == 3);
    const auto scopes = f.host.record(id).at("scopes").as_array();
    REQUIRE(scopes.size() == 3);
    CHECK(scopes[0].as_string() == "SIBLING");
    CHECK(scopes[1].as_string() == "FIRST");
    CHECK(scopes[2].as_string() == "SECOND");
}

TEST_CASE("an advisory change that cannot be stored leaves nothing behind") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    f.host.fail_next_stores(1);
    const auto result = f.store.update(add_scope("COOLDOWN"), {durability::advisory, false, "the cooldown"});
    CHECK(result.failure);
    CHECK_FALSE(result.applied);
    CHECK_FALSE(f.store.view().unsaved);
    CHECK(f.store.view().record.scopes.empty());
}

TEST_CASE("a damaged record is reported and kept, only a change allowed to replace it does") {
    store_fixture f;
    f.host.put_record(id, R"({"schema":1,"state":"authorized","access_token":42})");
    const auto loaded = f.store.load();
    REQUIRE(loaded);
    CHECK(loaded->reason == "record_unreadable");
    CHECK_THAT(loaded->message, Catch::Contains("access_token"));
    CHECK_FALSE(f.store.view().load_problem.empty());

    const auto refused = f.store.update(add_scope("X"), {durability::must_keep, false, "the refreshed tokens"});
    REQUIRE(refused.failure);
    CHECK(refused.failure->reason == "record_unreadable");
    CHECK(f.host.version(id) == 1);  // kept as it is

    const auto replaced = f.store.update(set_access("new-grant"), {durability::must_keep, true, "the new tokens"});
    CHECK_FALSE(replaced.failure);
    CHECK(f.host.version(id) == 2);
    CHECK(f.stored("access_token") == "new-grant");
    CHECK(f.store.view().load_problem.empty());
}

TEST_CASE("a failed read says so and leaves the view as it was") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    REQUIRE_FALSE(f.store.load());
    f.host.fail_next_loads(1);
    const auto failed = f.store.load();
    REQUIRE(failed);
    CHECK(failed->code == status::storage_error);
    CHECK(failed->reason == "storage_unavailable");
    CHECK(f.store.view().record.access_token == "a1");
    CHECK(f.store.view().loaded);
}

TEST_CASE("ensure_loaded reads once, then only while something is held or unreadable") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    REQUIRE_FALSE(f.store.ensure_loaded());
    REQUIRE_FALSE(f.store.ensure_loaded());
    CHECK(f.host.load_calls() == 1);
}

TEST_CASE("the provider's clock offset is stamped on every write and seeds the next process") {
    store_fixture f;
    f.host.put_record(id, record_json("a1"));
    f.skew.observe(fake_host::start_ms, "Thu, 01 Jan 2026 00:10:00 GMT");  // the provider is 10 minutes ahead
    REQUIRE_FALSE(f.store.update(add_scope("X"), {}).failure);
    CHECK(f.host.record(id).at("provider_offset_ms").as_int64() == 600'500);

    tether::http::clock_skew fresh;  // a process that has not talked to the provider yet
    record_store other(id, f.host, fresh, f.keys);
    REQUIRE_FALSE(other.load());
    CHECK(fresh.offset_ms() == 600'500);
}
