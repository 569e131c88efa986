// The header-only C++ wrapper (tether.hpp): RAII handles, expected-style results, lambda host services.
#include <catch2/catch.hpp>

#include <map>
#include <stdexcept>
#include <string>

#include "tests/abi/test_host.hpp"
#include "tether/tether.hpp"

namespace sdk = tether::sdk;

namespace {

// A wrapper-level in-memory store (the storage interface, as a host object would implement it).
class map_storage final : public sdk::storage {
public:
    tether_status load(const std::string& id, std::string& data, std::uint64_t& version) override {
        auto it = records_.find(id);
        if (it != records_.end()) std::tie(data, version) = it->second;
        return TETHER_OK;
    }
    tether_status store(const std::string& id, std::uint64_t expected, std::string_view data) override {
        auto& slot = records_[id];
        if (slot.second != expected) return TETHER_CONFLICT;
        slot = {std::string(data), expected + 1};
        return TETHER_OK;
    }

private:
    std::map<std::string, std::pair<std::string, std::uint64_t>> records_;
};

}  // namespace

TEST_CASE("the wrapper opens a connector and a connection from a storage object") {
    map_storage storage;
    sdk::host_services services;
    services.use_storage(storage);
    auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services);
    REQUIRE(connector.has_value());
    auto connection = connector->connect("conn-1", R"({"client_id":"app-123","client_secret":"s3cr3t-value-1"})");
    REQUIRE(connection.has_value());

    // A connection that was never authorized needs a human first.
    sdk::result r = connection->refresh();
    CHECK(r.code() == sdk::status::reconnect_required);
    CHECK(r.reason() == "not_authorized");
    CHECK_FALSE(r.ok());
}

TEST_CASE("a connector the library refuses comes back as the error result") {
    sdk::host_services services;  // no storage at all
    auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services);
    REQUIRE_FALSE(connector.has_value());
    CHECK(connector.error().code() == sdk::status::config_error);
    CHECK_THAT(std::string(connector.error().message()), Catch::Contains("'load'"));
}

TEST_CASE("a bad manifest text comes back with file:line:col diagnostics") {
    map_storage storage;
    sdk::host_services services;
    services.use_storage(storage);
    auto connector = sdk::connector::open_text("format_version: [", services, "broken.yaml");
    REQUIRE_FALSE(connector.has_value());
    CHECK(connector.error().reason() == "manifest_invalid");
    CHECK_THAT(std::string(connector.error().message()), Catch::StartsWith("broken.yaml:1:"));
}

TEST_CASE("bad settings come back as the connection's error result") {
    map_storage storage;
    sdk::host_services services;
    services.use_storage(storage);
    auto connector = sdk::connector::open_file(tether_test::smartsheet_manifest_path(), services);
    REQUIRE(connector.has_value());
    auto connection = connector->connect("conn-1", R"({"region":"mars"})");
    REQUIRE_FALSE(connection.has_value());
    CHECK(connection.error().code() == sdk::status::config_error);
}

TEST_CASE("an exception thrown by a host callback is stopped at the C boundary") {
    sdk::detail::host_bridge bridge;
    bridge.services.load = [](const std::string&, std::string&, std::uint64_t&) -> tether_status {
        throw std::runtime_error("disk on fire");
    };
    bridge.services.store = [](const std::string&, std::uint64_t, std::string_view) -> tether_status {
        throw std::runtime_error("disk on fire");
    };
    bridge.services.random_bytes = [](void*, std::size_t) -> tether_status { throw std::bad_alloc(); };
    const tether_host table = bridge.table();
    tether_record_out out{nullptr, [](tether_record_out*, const char*, std::size_t, std::uint64_t) {}};
    CHECK(table.load(table.storage_ctx, "conn", &out) == TETHER_STORAGE_ERROR);
    CHECK(table.store(table.storage_ctx, "conn", 0, "x", 1) == TETHER_STORAGE_ERROR);
    char buf[4];
    CHECK(table.random_bytes(table.random_ctx, buf, sizeof buf) == TETHER_HOST_ERROR);
    CHECK(table.now_ms == nullptr);  // unset services keep tether's defaults
}

TEST_CASE("results and handles are move-only owners") {
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<sdk::result>);
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<sdk::connector>);
    STATIC_REQUIRE_FALSE(std::is_copy_constructible_v<sdk::connection>);
    STATIC_REQUIRE(std::is_nothrow_move_constructible_v<sdk::result>);

    tether_result* raw = nullptr;
    tether_refresh(nullptr, 0, &raw);
    sdk::result a(raw);
    sdk::result b(std::move(a));
    CHECK(b.code() == sdk::status::host_error);
    CHECK(a.get() == nullptr);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
    CHECK(a.code() == sdk::status::internal);
}
