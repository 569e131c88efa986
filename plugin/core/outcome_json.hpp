// The JSON renderings of an outcome: the attempt chain and the whole result (what the CLI prints).
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "plugin/core/outcome.hpp"

namespace tether {

// One attempt as JSON (the members listed below).
boost::json::object attempt_to_json(const attempt& a);

// A JSON array with one object per attempt: the request in raw form when recorded (method, url with secret
// query values redacted, credential "bearer …a1b2c3" or "none", record_version, request_bytes), then
// http_status, error_code, ref_id, transport_error, date (the provider's Date), duration_ms, action, delay_ms.
std::string attempts_to_json(const outcome& o);

// One JSON object: status, then only the details that are present (reason, message, http_status,
// error_code, ref_id, retry_after_ms, first_failure, attempts, reproduce, body). A body that is valid JSON is embedded
// as JSON, anything else as a string.
std::string outcome_to_json(const outcome& o);

}  // namespace tether
