// The ABI contract: every exported function that returns a tether_status returns exactly the statuses its
// comment in tether.h lists (plus the header's general rules), and each listed status is produced by a
// scenario. The lists are read from tether.h itself, so a comment edited without the code fails here.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <string>

#include "tests/abi/contract_scenarios.hpp"
#include "tests/abi/header_contract.hpp"

namespace tether_test {

tether_status general_rule_status(trigger cause) {
    switch (cause) {
        case trigger::bad_argument:
        case trigger::failing_random:
            return TETHER_HOST_ERROR;
        case trigger::failing_storage:
            return TETHER_STORAGE_ERROR;
        case trigger::behaviour:
        case trigger::failing_lease:
            break;
    }
    return TETHER_OK;
}

}  // namespace tether_test

namespace {

using namespace tether_test;

const char* rule_name(trigger cause) {
    switch (cause) {
        case trigger::bad_argument:
            return "bad arguments";
        case trigger::failing_storage:
            return "a failing storage callback";
        case trigger::failing_random:
            return "a failing random_bytes";
        case trigger::failing_lease:
            return "a failing lease";
        case trigger::behaviour:
            break;
    }
    return "its own behaviour";
}

const header_contract& contract() {
    static const header_contract parsed =
        parse_header_contract(read_text_file(std::string(TETHER_SOURCE_DIR) + "/sdk_shim/include/tether/tether.h"));
    return parsed;
}

std::vector<function_scenarios> scenario_table() {
    std::vector<function_scenarios> all;
    for (auto group :
         {connector_scenarios(), authorization_scenarios(), token_scenarios(), call_scenarios(), webhook_scenarios()})
        for (auto& f : group) all.push_back(std::move(f));
    return all;
}

// Runs the function's scenarios and holds their statuses against its comment in tether.h.
void check_contract(const std::string& function) {
    const auto listed_at = contract().returns.find(function);
    if (listed_at == contract().returns.end()) FAIL(function << ": tether.h has no parsable Returns list");
    const std::set<tether_status>& listed = listed_at->second;

    auto table = scenario_table();
    const auto group = std::find_if(table.begin(), table.end(), [&](const auto& f) { return f.function == function; });
    if (group == table.end()) FAIL(function << ": no scenarios");

    std::set<tether_status> observed;
    std::map<trigger, std::set<tether_status>> observed_by_rule;
    for (const scenario& s : group->scenarios) {
        INFO(function << ": scenario '" << s.name << "'");
        const tether_status got = s.run();
        observed.insert(got);
        observed_by_rule[s.cause].insert(got);
        if (got != s.expected)
            FAIL_CHECK(function << ": scenario '" << s.name << "' returned " << status_constant(got) << ", expected "
                                << status_constant(s.expected));
        const bool general = got == TETHER_HOST_ERROR || got == TETHER_STORAGE_ERROR;
        if (listed.count(got) == 0 && !general)
            FAIL_CHECK(function << ": scenario '" << s.name << "' returned " << status_constant(got)
                                << ", which its comment in tether.h does not list");
    }
    for (const tether_status s : listed)
        if (s != TETHER_INTERNAL && observed.count(s) == 0)
            FAIL_CHECK(function << ": its comment in tether.h lists " << status_constant(s)
                                << ", but no scenario produced it");
    for (const trigger rule : group->meets)
        if (observed_by_rule[rule].count(general_rule_status(rule)) == 0)
            FAIL_CHECK(function << ": no scenario shows " << rule_name(rule) << " giving "
                                << status_constant(general_rule_status(rule)));
}

}  // namespace

TEST_CASE("every function of tether.h that returns a tether_status has contract scenarios, and only those") {
    std::set<std::string> declared, covered;
    for (const auto& [name, statuses] : contract().returns) declared.insert(name);
    for (const auto& f : scenario_table()) covered.insert(f.function);
    for (const auto& name : declared)
        if (covered.count(name) == 0) FAIL_CHECK(name << ": declared in tether.h, but no scenarios");
    for (const auto& name : covered)
        if (declared.count(name) == 0) FAIL_CHECK(name << ": has scenarios, but tether.h lists no statuses for it");
    CHECK(contract().problems.empty());
}

// One test case per function, so that ctest names the function that broke its contract.
TEST_CASE("tether_connector_open returns exactly the statuses tether.h lists") {
    check_contract("tether_connector_open");
}
TEST_CASE("tether_manifest_validate returns exactly the statuses tether.h lists") {
    check_contract("tether_manifest_validate");
}
TEST_CASE("tether_manifest_validate_ex returns exactly the statuses tether.h lists") {
    check_contract("tether_manifest_validate_ex");
}
TEST_CASE("tether_connection_open returns exactly the statuses tether.h lists") {
    check_contract("tether_connection_open");
}
TEST_CASE("tether_connector_health returns exactly the statuses tether.h lists") {
    check_contract("tether_connector_health");
}
TEST_CASE("tether_authorize_begin returns exactly the statuses tether.h lists") {
    check_contract("tether_authorize_begin");
}
TEST_CASE("tether_authorize_complete returns exactly the statuses tether.h lists") {
    check_contract("tether_authorize_complete");
}
TEST_CASE("tether_authorize_with_token returns exactly the statuses tether.h lists") {
    check_contract("tether_authorize_with_token");
}
TEST_CASE("tether_refresh returns exactly the statuses tether.h lists") {
    check_contract("tether_refresh");
}
TEST_CASE("tether_revoke returns exactly the statuses tether.h lists") {
    check_contract("tether_revoke");
}
TEST_CASE("tether_revoke_ex returns exactly the statuses tether.h lists") {
    check_contract("tether_revoke_ex");
}
TEST_CASE("tether_connect_client returns exactly the statuses tether.h lists") {
    check_contract("tether_connect_client");
}

TEST_CASE("tether_diagnose returns exactly the statuses tether.h lists") {
    check_contract("tether_diagnose");
}
TEST_CASE("tether_call returns exactly the statuses tether.h lists") {
    check_contract("tether_call");
}
TEST_CASE("tether_health returns exactly the statuses tether.h lists") {
    check_contract("tether_health");
}
TEST_CASE("tether_webhook_receive returns exactly the statuses tether.h lists") {
    check_contract("tether_webhook_receive");
}
