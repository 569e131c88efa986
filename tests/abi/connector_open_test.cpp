// tether_connector_open: the ABI version check, host-table validation and manifest errors.
#include <catch2/catch.hpp>
#include <string>

#include "tests/abi/test_host.hpp"

using tether_test::memory_host;

namespace {

struct open_attempt {
    tether_status status;
    std::string reason;
    std::string message;
    tether_connector* connector = nullptr;
};

open_attempt open_with(const tether_connector_options& options) {
    open_attempt a{};
    tether_result* result = nullptr;
    a.status = tether_connector_open(&options, &a.connector, &result);
    REQUIRE(result != nullptr);
    CHECK(tether_result_status(result) == a.status);
    a.reason = tether_result_reason(result);
    a.message = tether_result_message(result);
    tether_result_free(result);
    if (a.status != TETHER_OK) CHECK(a.connector == nullptr);
    return a;
}

tether_connector_options smartsheet_options(const tether_host* host) {
    static const std::string path = tether_test::smartsheet_manifest_path();
    tether_connector_options options = TETHER_CONNECTOR_OPTIONS_INIT;
    options.manifest_path = path.c_str();
    options.host = host;
    return options;
}

}  // namespace

TEST_CASE("a complete host table and the Smartsheet manifest open a connector") {
    memory_host store;
    const tether_host host = store.table();
    auto a = open_with(smartsheet_options(&host));
    CHECK(a.status == TETHER_OK);
    CHECK(a.connector != nullptr);
    tether_connector_close(a.connector);
}

TEST_CASE("a host built against another ABI major gets a config error that says so") {
    memory_host store;
    const tether_host host = store.table();
    auto options = smartsheet_options(&host);
    options.abi_version = (2u << 16) | 0u;
    auto a = open_with(options);
    CHECK(a.status == TETHER_CONFIG_ERROR);
    CHECK(a.reason == "abi_version_mismatch");
    const std::string implemented =
        "implements " + std::to_string(TETHER_ABI_VERSION_MAJOR) + "." + std::to_string(TETHER_ABI_VERSION_MINOR);
    CHECK_THAT(a.message, Catch::Contains("ABI 2.0") && Catch::Contains(implemented));

    options.abi_version = 0;
    CHECK(open_with(options).status == TETHER_CONFIG_ERROR);
}

TEST_CASE("a host built against a newer minor of the same major is accepted") {
    memory_host store;
    const tether_host host = store.table();
    auto options = smartsheet_options(&host);
    options.abi_version = (1u << 16) | 7u;
    auto a = open_with(options);
    CHECK(a.status == TETHER_OK);
    tether_connector_close(a.connector);
}

TEST_CASE("a missing required host callback is a config error naming it") {
    memory_host store;
    tether_host host = store.table();

    SECTION("load") {
        host.load = nullptr;
        auto a = open_with(smartsheet_options(&host));
        CHECK(a.status == TETHER_CONFIG_ERROR);
        CHECK(a.reason == "host_table_invalid");
        CHECK_THAT(a.message, Catch::Contains("'load'"));
    }
    SECTION("store") {
        host.store = nullptr;
        auto a = open_with(smartsheet_options(&host));
        CHECK(a.status == TETHER_CONFIG_ERROR);
        CHECK_THAT(a.message, Catch::Contains("'store'"));
    }
    SECTION("only one half of the lease") {
        host.lease_acquire = [](void*, const char*, const char*, int64_t) -> tether_status { return TETHER_OK; };
        auto a = open_with(smartsheet_options(&host));
        CHECK(a.status == TETHER_CONFIG_ERROR);
        CHECK_THAT(a.message, Catch::Contains("lease_acquire") && Catch::Contains("lease_release"));
    }
    SECTION("a log level outside the enum") {
        host.log_level = 9;
        auto a = open_with(smartsheet_options(&host));
        CHECK(a.status == TETHER_CONFIG_ERROR);
        CHECK_THAT(a.message, Catch::Contains("log_level"));
    }
    SECTION("no table at all") {
        auto a = open_with(smartsheet_options(nullptr));
        CHECK(a.status == TETHER_CONFIG_ERROR);
        CHECK_THAT(a.message, Catch::Contains("NULL"));
    }
    SECTION("a table that is not initialized with TETHER_HOST_INIT") {
        host.struct_size = 8;
        auto a = open_with(smartsheet_options(&host));
        CHECK(a.status == TETHER_CONFIG_ERROR);
        CHECK_THAT(a.message, Catch::Contains("TETHER_HOST_INIT"));
    }
}

TEST_CASE("optional host callbacks may be left NULL") {
    memory_host store;
    tether_host host = store.table();
    host.log = nullptr;
    host.log_level = TETHER_LOG_OFF;
    auto a = open_with(smartsheet_options(&host));
    CHECK(a.status == TETHER_OK);
    tether_connector_close(a.connector);
}

TEST_CASE("connector_open rejects bad arguments without crashing") {
    memory_host store;
    const tether_host host = store.table();
    auto options = smartsheet_options(&host);
    tether_connector* connector = nullptr;

    CHECK(tether_connector_open(nullptr, &connector, nullptr) == TETHER_HOST_ERROR);
    CHECK(tether_connector_open(&options, nullptr, nullptr) == TETHER_HOST_ERROR);
    options.struct_size = 4;
    CHECK(tether_connector_open(&options, &connector, nullptr) == TETHER_HOST_ERROR);
    CHECK(connector == nullptr);
    tether_connector_close(nullptr);
}

TEST_CASE("a manifest that does not exist or does not parse is a config error with its position") {
    memory_host store;
    const tether_host host = store.table();
    auto options = smartsheet_options(&host);

    SECTION("missing file") {
        options.manifest_path = "/nonexistent/tether/manifest.yaml";
        auto a = open_with(options);
        CHECK(a.status == TETHER_CONFIG_ERROR);
        CHECK(a.reason == "manifest_invalid");
        CHECK_THAT(a.message, Catch::Contains("/nonexistent/tether/manifest.yaml"));
    }
    SECTION("YAML syntax error in text") {
        options.manifest_path = nullptr;
        options.manifest_text = "format_version: 1\nconnector: [unclosed\n";
        options.manifest_name = "inline.yaml";
        auto a = open_with(options);
        CHECK(a.status == TETHER_CONFIG_ERROR);
        CHECK(a.reason == "manifest_invalid");
        CHECK_THAT(a.message, Catch::StartsWith("inline.yaml:"));
    }
    SECTION("neither path nor text") {
        options.manifest_path = nullptr;
        auto a = open_with(options);
        CHECK(a.status == TETHER_CONFIG_ERROR);
        CHECK(a.reason == "manifest_missing");
    }
}

TEST_CASE("tether_manifest_validate checks a manifest and settings without a host") {
    const auto path = tether_test::smartsheet_manifest_path();
    tether_result* result = nullptr;
    CHECK(tether_manifest_validate(path.c_str(), nullptr, nullptr, &result) == TETHER_OK);
    tether_result_free(result);

    CHECK(tether_manifest_validate(path.c_str(), nullptr, R"({"region":"mars"})", &result) == TETHER_CONFIG_ERROR);
    CHECK(std::string(tether_result_reason(result)) == "settings_invalid");
    CHECK_THAT(std::string(tether_result_message(result)), Catch::Contains("region"));
    tether_result_free(result);

    CHECK(tether_manifest_validate(nullptr, "connector: [", nullptr, nullptr) == TETHER_CONFIG_ERROR);
    CHECK(tether_manifest_validate(nullptr, nullptr, nullptr, nullptr) == TETHER_HOST_ERROR);
}

TEST_CASE("tether_manifest_validate describes the manifest's settings, marking the secret ones") {
    const auto path = tether_test::smartsheet_manifest_path();
    tether_result* result = nullptr;
    REQUIRE(tether_manifest_validate(path.c_str(), nullptr, nullptr, &result) == TETHER_OK);
    std::size_t size = 0;
    const char* data = tether_result_body(result, &size);
    const std::string body(data, size);
    tether_result_free(result);
    // client_id and client_secret are needed by the OAuth methods only, not by an API token connection.
    CHECK_THAT(body, Catch::Contains(R"({"name":"client_secret","required":false,"secret":true})"));
    CHECK_THAT(body, Catch::Contains(R"({"name":"client_id","required":false,"secret":false})"));
    CHECK_THAT(body, Catch::Contains(R"({"name":"region","required":false,"secret":false})"));
}
