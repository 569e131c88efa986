// The scenario table of the ABI contract test: for each exported function that returns a tether_status, named
// scenarios that call it through the C ABI and return the status they got.
#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "tether/tether.h"

namespace tether_test {

// What a scenario exercises. The last four are the header's general rules ("Errors" at its top).
enum class trigger {
    behaviour,        // the function's own behaviour: what its comment lists
    bad_argument,     // rule: bad arguments give TETHER_HOST_ERROR
    failing_storage,  // rule: a failing load/store gives TETHER_STORAGE_ERROR
    failing_random,   // rule: a failing random_bytes gives TETHER_HOST_ERROR
    failing_lease,    // a failing lease is not an error: tether refreshes without it
};

struct scenario {
    std::string name;
    trigger cause = trigger::behaviour;
    tether_status expected = TETHER_OK;
    std::function<tether_status()> run;
};

struct function_scenarios {
    std::string function;
    // The general rules this function can meet, each of which some scenario must show producing its status.
    std::set<trigger> meets;
    std::vector<scenario> scenarios;
};

// The general rules' status for a trigger; TETHER_OK for failing_lease and behaviour (no rule applies).
tether_status general_rule_status(trigger cause);

// Grouped by subject; together they cover every function.
std::vector<function_scenarios> connector_scenarios();      // connector_open, manifest_validate, connection_open,
                                                            // connector_health
std::vector<function_scenarios> authorization_scenarios();  // authorize_begin, _complete, _with_token
std::vector<function_scenarios> token_scenarios();          // refresh, revoke, revoke_ex, connect_client
std::vector<function_scenarios> call_scenarios();           // call, health
std::vector<function_scenarios> webhook_scenarios();        // webhook_receive

}  // namespace tether_test
