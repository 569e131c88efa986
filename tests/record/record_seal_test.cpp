// Records sealed at rest: what a sealed envelope hides and binds, which keys open it, and how the record store
// seals every write, reads what was stored before keys existed, and refuses — without touching the record —
// what its keys cannot open.
#include <catch2/catch.hpp>

#include <boost/json/serialize.hpp>
#include <tether/base64.hpp>

#include <array>

#include "plugin/record/record_seal.hpp"
#include "plugin/record/record_store.hpp"
#include "tests/support/fake_host.hpp"

using namespace tether::record;
using tether_test::fake_host;

namespace {

const std::string key_a(32, 'a');
const std::string key_b(32, 'b');
const std::string connection = "conn-1";
const std::string plaintext = R"({"access_token":"access-token-9f8e7d6c5b4a"})";

std::array<std::byte, seal_nonce_size> nonce(unsigned char fill) {
    std::array<std::byte, seal_nonce_size> n{};
    n.fill(static_cast<std::byte>(fill));
    return n;
}

std::string opened_text(const std::variant<tether::wiped_string, seal_problem>& r) {
    if (const auto* p = std::get_if<seal_problem>(&r)) return "problem: " + p->reason;
    return std::get<tether::wiped_string>(r);
}

std::string reason_of(const std::variant<tether::wiped_string, seal_problem>& r) {
    const auto* p = std::get_if<seal_problem>(&r);
    return p ? p->reason : "opened";
}

}  // namespace

TEST_CASE("a sealed record hides its plaintext, names its key and opens with that key for that connection") {
    const record_keyring keys({key_a});
    const auto sealed = seal_record(plaintext, connection, keys.current(), nonce(1));
    CHECK(is_sealed(sealed));
    CHECK(sealed.find("access-token") == std::string::npos);
    CHECK(sealed.find(keys.current().id) != std::string::npos);
    CHECK(keys.current().id.size() == 8);
    CHECK(opened_text(open_record(sealed, connection, keys)) == plaintext);
}

TEST_CASE("every nonce gives another envelope for the same record") {
    const record_keyring keys({key_a});
    CHECK(seal_record(plaintext, connection, keys.current(), nonce(1)) !=
          seal_record(plaintext, connection, keys.current(), nonce(2)));
}

TEST_CASE("a key id names the key without being derivable into it, and differs between keys") {
    CHECK(record_key_id(key_a) != record_key_id(key_b));
    CHECK(record_key_id(key_a) == record_key_id(key_a));
    CHECK(key_a.find(record_key_id(key_a)) == std::string::npos);
}

TEST_CASE("a sealed record does not open without keys, with another key, or for another connection") {
    const record_keyring a({key_a});
    const auto sealed = seal_record(plaintext, connection, a.current(), nonce(3));
    CHECK(reason_of(open_record(sealed, connection, record_keyring{})) == "record_key_missing");
    CHECK(reason_of(open_record(sealed, connection, record_keyring({key_b}))) == "record_key_unknown");
    CHECK(reason_of(open_record(sealed, "conn-2", a)) == "record_seal_invalid");
}

TEST_CASE("a problem message names the key id and never the key or the plaintext") {
    const record_keyring a({key_a});
    const auto sealed = seal_record(plaintext, connection, a.current(), nonce(3));
    const auto r = open_record(sealed, connection, record_keyring({key_b}));
    const auto& message = std::get<seal_problem>(r).message;
    CHECK(message.find(a.current().id) != std::string::npos);
    CHECK(message.find(key_a) == std::string::npos);
    CHECK(message.find(key_b) == std::string::npos);
    CHECK(message.find("access-token") == std::string::npos);
}

TEST_CASE("an altered envelope does not open") {
    const record_keyring a({key_a});
    auto sealed = seal_record(plaintext, connection, a.current(), nonce(4));
    const auto data_at = sealed.find(R"("data":")") + 8;
    sealed[data_at] = sealed[data_at] == 'A' ? 'B' : 'A';
    CHECK(reason_of(open_record(sealed, connection, a)) == "record_seal_invalid");
    CHECK(reason_of(open_record(R"({"sealed":"rot13","key_id":"x"})", connection, a)) == "record_seal_invalid");
    CHECK(reason_of(open_record(R"({"sealed":)", connection, a)) == "record_seal_invalid");
}

TEST_CASE("a record sealed with a previous key opens while the current key seals") {
    const auto sealed_before = seal_record(plaintext, connection, record_keyring({key_a}).current(), nonce(5));
    const record_keyring rotated({key_b, key_a});
    CHECK(rotated.current().id == record_key_id(key_b));
    CHECK(opened_text(open_record(sealed_before, connection, rotated)) == plaintext);
}

TEST_CASE("an unsealed record is read as it is, with or without keys") {
    CHECK(opened_text(open_record(plaintext, connection, record_keyring{})) == plaintext);
    CHECK(opened_text(open_record(plaintext, connection, record_keyring({key_a}))) == plaintext);
}

TEST_CASE("base64 decodes both alphabets with or without padding and refuses anything else") {
    using tether::sdk::base64_decode;
    using tether::sdk::base64_encode;
    CHECK(base64_decode("Zm9v") == std::optional<std::string>("foo"));
    CHECK(base64_decode("Zm8=") == std::optional<std::string>("fo"));
    CHECK(base64_decode("Zm8") == std::optional<std::string>("fo"));
    CHECK(base64_decode(" Zg==\n") == std::optional<std::string>("f"));
    CHECK(base64_decode("-_-_") == base64_decode("+/+/"));
    CHECK_FALSE(base64_decode("Zm9v!"));
    CHECK_FALSE(base64_decode("Z"));
    CHECK_FALSE(base64_decode("Zh=="));  // non-zero trailing bits: not a canonical encoding
    CHECK(base64_decode(base64_encode(key_a)) == std::optional<std::string>(key_a));
}

namespace {

struct sealed_store_fixture {
    fake_host host;
    tether::http::clock_skew skew;
    record_keyring keys;
    record_store store;

    explicit sealed_store_fixture(record_keyring k) : keys(std::move(k)), store(connection, host, skew, keys) {}

    std::string stored_text() const { return boost::json::serialize(host.record(connection)); }
};

record_change authorize_with(std::string access) {
    return [access](const token_record& current) -> std::optional<token_record> {
        token_record next = current;
        next.state = connection_state::authorized;
        next.access_token = access;
        next.refresh_token = "refresh-token-1a2b3c4d5e6f";
        return next;
    };
}

}  // namespace

TEST_CASE("with a key, the store writes sealed records and reads them back") {
    sealed_store_fixture f(record_keyring({key_a}));
    const auto written = f.store.update(authorize_with("access-token-9f8e7d6c5b4a"), {});
    REQUIRE_FALSE(written.failure);
    const auto text = f.stored_text();
    CHECK(is_sealed(text));
    CHECK(text.find("access-token") == std::string::npos);
    CHECK(text.find("refresh-token") == std::string::npos);

    sealed_store_fixture reader(record_keyring({key_a}));
    reader.host.put_record(connection, text);
    REQUIRE_FALSE(reader.store.load());
    CHECK(reader.store.view().record.access_token == "access-token-9f8e7d6c5b4a");
}

TEST_CASE("without the key, a sealed record is a storage error and nothing overwrites it") {
    sealed_store_fixture writer(record_keyring({key_a}));
    REQUIRE_FALSE(writer.store.update(authorize_with("access-token-9f8e7d6c5b4a"), {}).failure);

    for (auto keys : {record_keyring{}, record_keyring({key_b})}) {
        sealed_store_fixture f(std::move(keys));
        f.host.put_record(connection, writer.stored_text());
        const auto version = f.host.version(connection);
        const auto loaded = f.store.load();
        REQUIRE(loaded);
        CHECK(loaded->code == tether::status::storage_error);
        CHECK((loaded->reason == "record_key_missing" || loaded->reason == "record_key_unknown"));
        // Not even a new grant may replace it: the right key still opens it.
        const auto replaced = f.store.update(authorize_with("access-token-000000newone"),
                                             {durability::must_keep, true, "the new grant"});
        REQUIRE(replaced.failure);
        CHECK(replaced.failure->code == tether::status::storage_error);
        CHECK(f.host.version(connection) == version);
        CHECK(f.stored_text() == writer.stored_text());
    }
}

TEST_CASE("a record stored before keys existed is read, and sealed on its next write") {
    sealed_store_fixture plain(record_keyring{});
    REQUIRE_FALSE(plain.store.update(authorize_with("access-token-9f8e7d6c5b4a"), {}).failure);
    REQUIRE_FALSE(is_sealed(plain.stored_text()));

    sealed_store_fixture f(record_keyring({key_a}));
    f.host.put_record(connection, plain.stored_text());
    REQUIRE_FALSE(f.store.load());
    CHECK(f.store.view().record.access_token == "access-token-9f8e7d6c5b4a");
    REQUIRE_FALSE(f.store.update(authorize_with("access-token-0a1b2c3d4e5f"), {}).failure);
    CHECK(is_sealed(f.stored_text()));
    CHECK(f.stored_text().find("access-token") == std::string::npos);
}

TEST_CASE("after a rotation the previous key reads and the next write is sealed with the current key") {
    sealed_store_fixture old(record_keyring({key_a}));
    REQUIRE_FALSE(old.store.update(authorize_with("access-token-9f8e7d6c5b4a"), {}).failure);

    sealed_store_fixture f(record_keyring({key_b, key_a}));
    f.host.put_record(connection, old.stored_text());
    REQUIRE_FALSE(f.store.load());
    REQUIRE_FALSE(f.store.update(authorize_with("access-token-0a1b2c3d4e5f"), {}).failure);
    CHECK(f.stored_text().find(record_key_id(key_b)) != std::string::npos);
    CHECK(f.stored_text().find(record_key_id(key_a)) == std::string::npos);
}

TEST_CASE("a failing random source fails the write instead of reusing a nonce") {
    sealed_store_fixture f(record_keyring({key_a}));
    f.host.fail_random(true);
    const auto written = f.store.update(authorize_with("access-token-9f8e7d6c5b4a"), {});
    REQUIRE(written.failure);
    CHECK(written.failure->code == tether::status::host_error);
    CHECK(f.host.version(connection) == 0);
}
