// tether_status_str and the wrapper's handling of status values, known and unknown.
#include <catch2/catch.hpp>

#include <string>

#include "tether/tether.h"
#include "tether/tether.hpp"

TEST_CASE("every status has its fixed name") {
    CHECK(std::string(tether_status_str(TETHER_OK)) == "ok");
    CHECK(std::string(tether_status_str(TETHER_RECONNECT_REQUIRED)) == "reconnect_required");
    CHECK(std::string(tether_status_str(TETHER_TRANSIENT)) == "transient");
    CHECK(std::string(tether_status_str(TETHER_FORBIDDEN)) == "forbidden");
    CHECK(std::string(tether_status_str(TETHER_BAD_REQUEST)) == "bad_request");
    CHECK(std::string(tether_status_str(TETHER_NOT_FOUND)) == "not_found");
    CHECK(std::string(tether_status_str(TETHER_CONFLICT)) == "conflict");
    CHECK(std::string(tether_status_str(TETHER_CONFIG_ERROR)) == "config_error");
    CHECK(std::string(tether_status_str(TETHER_STORAGE_ERROR)) == "storage_error");
    CHECK(std::string(tether_status_str(TETHER_HOST_ERROR)) == "host_error");
    CHECK(std::string(tether_status_str(TETHER_INTERNAL)) == "internal");
}

TEST_CASE("status values are fixed forever") {
    CHECK(TETHER_OK == 0);
    CHECK(TETHER_RECONNECT_REQUIRED == 1);
    CHECK(TETHER_TRANSIENT == 2);
    CHECK(TETHER_FORBIDDEN == 3);
    CHECK(TETHER_BAD_REQUEST == 4);
    CHECK(TETHER_NOT_FOUND == 5);
    CHECK(TETHER_CONFLICT == 6);
    CHECK(TETHER_CONFIG_ERROR == 7);
    CHECK(TETHER_STORAGE_ERROR == 8);
    CHECK(TETHER_HOST_ERROR == 9);
    CHECK(TETHER_INTERNAL == 10);
}

TEST_CASE("an unknown status value is named 'unknown', never NULL") {
    for (const tether_status s : {-1, 11, 42, 1 << 30}) {
        const char* name = tether_status_str(s);
        REQUIRE(name != nullptr);
        CHECK(std::string(name) == "unknown");
    }
}

TEST_CASE("the C++ shim clamps a status from a newer library to internal") {
    using tether::sdk::status;
    CHECK(tether::sdk::to_status(TETHER_FORBIDDEN) == status::forbidden);
    CHECK(tether::sdk::to_status(TETHER_INTERNAL) == status::internal);
    CHECK(tether::sdk::to_status(11) == status::internal);
    CHECK(tether::sdk::to_status(-3) == status::internal);
    CHECK(std::string(tether::sdk::to_string(status::transient)) == "transient");
}

TEST_CASE("the library reports the ABI version of this header") {
    CHECK(tether_abi_version() == TETHER_ABI_VERSION);
    CHECK(TETHER_ABI_MAJOR_OF(tether_abi_version()) == 1);
    CHECK(std::string(tether_version()).rfind("1.", 0) == 0);
}
