// One extension test's world: the Smartsheet emulator, a C host with virtual time, and a connector opened
// through the C ABI on the example manifest (smartsheet + rows.upsert) plus the test operations, with the
// example extension loaded by path and the test extensions as entry functions.
#pragma once

#include <string>
#include <vector>

#include "emulator/smartsheet_emulator.hpp"
#include "tests/abi/test_host.hpp"
#include "tether/tether.h"

namespace tether_test {

// The example's manifest with the test operations appended (operations is its last section).
std::string test_manifest_text();
std::string example_extension_path();  // the built libtether_rows_upsert.so
std::vector<tether_extension_entry_fn> test_entries();

struct call_result {
    tether_status status = TETHER_INTERNAL;
    std::string reason, message, body, attempts, json;
    int http_status = 0;
};

class extension_world {
public:
    extension_world();
    ~extension_world();
    extension_world(const extension_world&) = delete;
    extension_world& operator=(const extension_world&) = delete;

    tether::emulator::smartsheet_emulator emulator;
    memory_host host;
    tether_host table{};
    tether_connector* connector = nullptr;
    tether_connection* connection = nullptr;
    std::string access_token, refresh_token;  // seeded

    call_result call(const std::string& operation, const std::string& params_json, const char* body = nullptr);
    // Every token of the connection: the seeded ones and those stored now.
    std::vector<std::string> tokens();
};

}  // namespace tether_test
