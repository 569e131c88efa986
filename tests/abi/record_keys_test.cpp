// Record keys through the C ABI (1.3): a connector given a key seals what it stores, one given the wrong key
// gets a storage error and leaves the record alone, and a malformed list of previous keys is refused.
#include <catch2/catch.hpp>

#include <array>
#include <map>
#include <string>

#include "tests/abi/map_storage.hpp"
#include "tests/abi/test_host.hpp"
#include "tether/tether.hpp"

namespace sdk = tether::sdk;

namespace {

using tether_test::map_storage;

sdk::record_key key_filled(unsigned char v) {
    sdk::record_key k{};
    k.fill(v);
    return k;
}

const std::string settings = R"({"base_url":"http://127.0.0.1:9/2.0"})";
const std::string token = "api-token-for-sealing-3f9a1c";

}  // namespace

TEST_CASE("a connector with a record key stores sealed records that another key cannot open") {
    map_storage storage;
    sdk::host_services services;
    services.use_storage(storage);
    {
        auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services,
                                                   sdk::record_keys{key_filled(7), {}});
        REQUIRE(connector.has_value());
        auto c = connector->connect("conn-1", settings);
        REQUIRE(c.has_value());
        REQUIRE(c->authorize_with_token(token).ok());
    }
    CHECK(storage.data("conn-1").rfind(R"({"sealed":"aes-256-gcm")", 0) == 0);
    CHECK(storage.data("conn-1").find(token) == std::string::npos);
    const auto version = storage.version("conn-1");

    auto other = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services,
                                           sdk::record_keys{key_filled(8), {}});
    REQUIRE(other.has_value());
    auto c = other->connect("conn-1", settings);
    REQUIRE(c.has_value());
    const auto r = c->authorize_with_token("api-token-replacement-000001");
    CHECK(r.code() == sdk::status::storage_error);
    CHECK(r.reason() == "record_key_unknown");
    CHECK(storage.version("conn-1") == version);

    // The old key as a previous one opens it; the write that follows is sealed with the new key.
    auto rotated = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services,
                                             sdk::record_keys{key_filled(8), {key_filled(7)}});
    REQUIRE(rotated.has_value());
    auto d = rotated->connect("conn-1", settings);
    REQUIRE(d.has_value());
    CHECK(d->authorize_with_token("api-token-replacement-000002").ok());
    CHECK(storage.version("conn-1") == version + 1);
}

TEST_CASE("previous record keys that are NULL are refused when the connector opens") {
    // Through the C struct itself: the wrapper cannot express a NULL key.
    tether_host table = TETHER_HOST_INIT;
    table.load = [](void*, const char*, tether_record_out*) { return tether_status{TETHER_OK}; };
    table.store = [](void*, const char*, uint64_t, const char*, size_t) { return tether_status{TETHER_OK}; };
    const std::array<unsigned char, 32> key{};
    const unsigned char* previous[] = {nullptr};
    const std::string path = tether_test::smartsheet_manifest_path();
    tether_connector_options o = TETHER_CONNECTOR_OPTIONS_INIT;
    o.manifest_path = path.c_str();
    o.host = &table;
    o.record_key = key.data();
    o.previous_record_keys = previous;
    o.previous_record_key_count = 1;
    tether_connector* connector = nullptr;
    tether_result* result = nullptr;
    CHECK(tether_connector_open(&o, &connector, &result) == TETHER_CONFIG_ERROR);
    CHECK(connector == nullptr);
    CHECK(std::string(tether_result_reason(result)) == "record_keys_invalid");
    tether_result_free(result);
}
