// tether_connection_open, the verbs' argument checks, and tether_result's accessors.
#include <catch2/catch.hpp>

#include <string>

#include "tests/abi/test_host.hpp"

using tether_test::memory_host;

namespace {

struct opened {
    memory_host store;
    tether_host host{};
    tether_connector* connector = nullptr;

    opened() {
        host = store.table();
        const std::string path = tether_test::smartsheet_manifest_path();
        tether_connector_options options = TETHER_CONNECTOR_OPTIONS_INIT;
        options.manifest_path = path.c_str();
        options.host = &host;
        REQUIRE(tether_connector_open(&options, &connector, nullptr) == TETHER_OK);
    }
    ~opened() { tether_connector_close(connector); }

    tether_status connect(const char* id, const char* settings, tether_connection** out, std::string* message) {
        tether_connection_options options = TETHER_CONNECTION_OPTIONS_INIT;
        options.connection_id = id;
        options.settings_json = settings;
        tether_result* result = nullptr;
        const tether_status s = tether_connection_open(connector, &options, out, &result);
        if (message != nullptr) *message = tether_result_message(result);
        tether_result_free(result);
        return s;
    }
};

constexpr const char* valid_settings =
    R"({"client_id":"app-123","client_secret":"s3cr3t-value-1","redirect_uri":"https://host.example/cb"})";

}  // namespace

TEST_CASE("a connection opens with valid settings") {
    opened o;
    tether_connection* c = nullptr;
    CHECK(o.connect("conn-1", valid_settings, &c, nullptr) == TETHER_OK);
    CHECK(c != nullptr);
    tether_connection_close(c);
}

TEST_CASE("bad settings are a config error naming the setting") {
    opened o;
    tether_connection* c = nullptr;
    std::string message;

    SECTION("not JSON") {
        CHECK(o.connect("conn-1", "{not json", &c, &message) == TETHER_CONFIG_ERROR);
        CHECK_THAT(message, Catch::Contains("JSON object"));
    }
    SECTION("a JSON array") {
        CHECK(o.connect("conn-1", "[1,2]", &c, &message) == TETHER_CONFIG_ERROR);
    }
    SECTION("an unknown setting") {
        CHECK(o.connect("conn-1", R"({"client_id":"a","bogus_setting":1})", &c, &message) == TETHER_CONFIG_ERROR);
        CHECK_THAT(message, Catch::Contains("bogus_setting"));
    }
    SECTION("a region that does not exist") {
        CHECK(o.connect("conn-1", R"({"client_id":"a","region":"mars"})", &c, &message) == TETHER_CONFIG_ERROR);
        CHECK_THAT(message, Catch::Contains("region"));
    }
    SECTION("a secret value is never echoed back") {
        CHECK(o.connect("conn-1", R"({"client_id":"a","client_secret":12345678901234})", &c, &message) ==
              TETHER_CONFIG_ERROR);
        CHECK_THAT(message, Catch::Contains("client_secret"));
        CHECK_THAT(message, !Catch::Contains("12345678901234"));
    }
    CHECK(c == nullptr);
}

TEST_CASE("a connection needs an id") {
    opened o;
    tether_connection* c = nullptr;
    CHECK(o.connect(nullptr, valid_settings, &c, nullptr) == TETHER_CONFIG_ERROR);
    CHECK(o.connect("", valid_settings, &c, nullptr) == TETHER_CONFIG_ERROR);
    CHECK(c == nullptr);
}

TEST_CASE("verbs on a NULL connection or with NULL arguments are host errors, never crashes") {
    tether_result* r = nullptr;
    CHECK(tether_authorize_begin(nullptr, &r) == TETHER_HOST_ERROR);
    CHECK(std::string(tether_result_reason(r)) == "invalid_argument");
    tether_result_free(r);
    CHECK(tether_refresh(nullptr, 0, nullptr) == TETHER_HOST_ERROR);
    CHECK(tether_call(nullptr, nullptr, nullptr) == TETHER_HOST_ERROR);
    CHECK(tether_health(nullptr, 0, nullptr) == TETHER_HOST_ERROR);
    CHECK(tether_revoke(nullptr, nullptr) == TETHER_HOST_ERROR);
    CHECK(tether_connector_health(nullptr, 0, nullptr) == TETHER_HOST_ERROR);
    CHECK(tether_authorize_complete(nullptr, nullptr, nullptr) == TETHER_HOST_ERROR);
    CHECK(tether_authorize_with_token(nullptr, "x", nullptr) == TETHER_HOST_ERROR);

    opened o;
    tether_connection* c = nullptr;
    REQUIRE(o.connect("conn-1", valid_settings, &c, nullptr) == TETHER_OK);
    CHECK(tether_authorize_complete(c, nullptr, nullptr) == TETHER_HOST_ERROR);
    tether_authorize_params empty = TETHER_AUTHORIZE_PARAMS_INIT;
    CHECK(tether_authorize_complete(c, &empty, nullptr) == TETHER_HOST_ERROR);
    CHECK(tether_authorize_with_token(c, nullptr, nullptr) == TETHER_HOST_ERROR);
    tether_call_request no_operation = TETHER_CALL_REQUEST_INIT;
    CHECK(tether_call(c, &no_operation, nullptr) == TETHER_BAD_REQUEST);
    tether_call_request too_small = TETHER_CALL_REQUEST_INIT;
    too_small.struct_size = 3;
    too_small.operation = "users.me";
    CHECK(tether_call(c, &too_small, nullptr) == TETHER_HOST_ERROR);
    tether_connection_close(c);
}

TEST_CASE("result accessors never return NULL, even for a NULL result") {
    CHECK(tether_result_status(nullptr) == TETHER_HOST_ERROR);
    CHECK(std::string(tether_result_reason(nullptr)).empty());
    CHECK(std::string(tether_result_message(nullptr)).empty());
    CHECK(std::string(tether_result_ref_id(nullptr)).empty());
    CHECK(tether_result_http_status(nullptr) == 0);
    CHECK(tether_result_provider_code(nullptr) == 0);
    CHECK(tether_result_retry_after_ms(nullptr) == -1);
    size_t size = 99;
    CHECK(std::string(tether_result_body(nullptr, &size)).empty());
    CHECK(size == 0);
    CHECK(std::string(tether_result_attempts_json(nullptr)) == "[]");
    CHECK(std::string(tether_result_resource_kind(nullptr)).empty());
    CHECK(std::string(tether_result_resource_id(nullptr)).empty());
    tether_result_free(nullptr);
}

TEST_CASE("a failed verb's result renders as the JSON object the CLI prints") {
    tether_result* r = nullptr;
    REQUIRE(tether_refresh(nullptr, 0, &r) == TETHER_HOST_ERROR);
    const std::string json = tether_result_json(r);
    CHECK_THAT(json, Catch::StartsWith(R"({"status":"host_error","reason":"invalid_argument")"));
    CHECK(std::string(tether_result_attempts_json(r)) == "[]");
    CHECK(tether_result_retry_after_ms(r) == -1);
    tether_result_free(r);
}
