// The list of injected faults and which one, if any, a request triggers.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "emulator/smartsheet_emulator.hpp"

namespace tether::emulator::detail {

// What a request looks like to a fault rule.
struct fault_target {
    std::string_view method;
    std::string_view path;
    std::string_view grant_type;  // "" unless POST /2.0/token
};

// True for the kinds only the token endpoint can apply (they change what a grant mints or answers).
bool is_token_fault(fault_kind kind);

// Not synchronised: it lives in emulator_state, under the state's mutex.
class fault_rules {
public:
    void add(fault_rule rule) { rules_.push_back(active_rule{std::move(rule), 0}); }
    void clear() { rules_.clear(); }

    // The first rule of the wanted family (token faults or the others) matching the request, consumed
    // by one firing; rules whose skip is not yet used up count the request and let it through.
    std::optional<fault_rule> take(const fault_target& request, bool token_family);

private:
    struct active_rule {
        fault_rule rule;
        int seen = 0;  // matching requests so far
    };
    std::vector<active_rule> rules_;
};

}  // namespace tether::emulator::detail
