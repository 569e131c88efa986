// The control API under /_emulator/: a JSON skin over smartsheet_emulator's public controls, for the
// standalone binary (scripts/demo, people trying manifests). Documented in README.md.
#pragma once

#include <httplib.h>

#include "reply.hpp"
#include "emulator/smartsheet_emulator.hpp"

namespace tether::emulator::detail {

// Serves one /_emulator/... request by calling the emulator's public methods (which take the state's
// mutex themselves; the caller must not hold it). Never throws: bad input is a 400 {"error": "..."}.
reply serve_control(smartsheet_emulator& emulator, const httplib::Request& request);

}  // namespace tether::emulator::detail
