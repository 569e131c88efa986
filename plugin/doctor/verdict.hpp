// From the evidence to the verdict: the checks run in the guide's order and the first finding decides, with
// its first action. Pure; what doctor prints is diagnosis_json of it.
#pragma once

#include <string>
#include <vector>

#include "plugin/doctor/checks.hpp"

namespace tether::doctor {

struct diagnosis {
    verdict found = verdict::healthy;
    std::string first_action;
    std::vector<check_result> checks;  // those run, in order; the last one decided when not healthy
    std::string reproduce;             // the curl line of doctor's first failing request, "" when none failed
};

// Runs the checks whose evidence is present (stored state, clocks, token, operation, recorded result), in
// that order, up to the first finding.
diagnosis decide(const evidence& e);

// {"verdict": V, "first_action": "…", "checks": [{"name", "ok", "evidence"}…], "reproduce": "…"}
std::string diagnosis_json(const diagnosis& d);

}  // namespace tether::doctor
