// A result a platform recorded (tether_result_json, `tether call`'s output), read back for comparison.
#pragma once

#include <string_view>

#include "plugin/doctor/evidence.hpp"

namespace tether::doctor {

// The recorded status and each attempt's raw record. Anything that is not a tether result (not a JSON object
// with a string "status") is a `problem`; unknown members are ignored. Pure.
recorded_facts read_recorded_result(std::string_view json);

}  // namespace tether::doctor
