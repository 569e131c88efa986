// One extension test's world: the ABI tests' world (emulator, C host with virtual time, connector and an
// authorized connection "conn") opened on the example manifest (smartsheet + rows.upsert) plus the test
// operations, with the example extension loaded by path and the test extensions as entry functions.
#pragma once

#include <string>
#include <vector>

#include "tests/abi/contract_world.hpp"

namespace tether_test {

// The example's manifest with the test operations appended (operations is its last section).
std::string test_manifest_text();
std::vector<tether_extension_entry_fn> test_entries();

struct call_result {
    tether_status status = TETHER_INTERNAL;
    std::string reason, message, body, attempts, json;
    int http_status = 0;
};

class extension_world : public world {
public:
    extension_world();

    call_result call(const std::string& operation, const std::string& params_json, const char* body = nullptr);
    // Every token of the connection: the seeded ones and those stored now.
    std::vector<std::string> tokens();

private:
    std::vector<std::string> seeded_;
};

}  // namespace tether_test
