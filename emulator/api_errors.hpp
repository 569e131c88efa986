// Smartsheet's error bodies: {"errorCode","message","refId"} for the API, plus "error" on the token endpoint.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "random_source.hpp"
#include "reply.hpp"

namespace tether::emulator::detail {

// The documented message for an errorCode, with {0}, {1} filled from `details`.
std::string error_message(int error_code, const std::vector<std::string>& details = {});

// An API error: the given status with {"errorCode","message","refId"}.
reply api_error(int status, int error_code, random_source& random, const std::vector<std::string>& details = {});

// A token-endpoint error (1067–1073, 1132, 1236–1238): the status this code comes with and
// {"errorCode","message","error","refId"}, where error is the OAuth error name.
reply token_error(int error_code, random_source& random, const std::vector<std::string>& details = {});

}  // namespace tether::emulator::detail
