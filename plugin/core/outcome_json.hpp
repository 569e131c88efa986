// The JSON renderings of an outcome: the attempt chain and the whole result (what the CLI prints).
#pragma once

#include <string>

#include "plugin/core/outcome.hpp"

namespace tether {

// A JSON array with one object per attempt.
std::string attempts_to_json(const outcome& o);

// One JSON object: status, then only the details that are present (reason, message, http_status,
// error_code, ref_id, retry_after_ms, first_failure, attempts, body). A body that is valid JSON is embedded
// as JSON, anything else as a string.
std::string outcome_to_json(const outcome& o);

}  // namespace tether
