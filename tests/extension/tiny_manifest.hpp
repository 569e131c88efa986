// The smallest manifest the extension tests vary: an API-token connector whose operations section is last,
// so that a test appends its operations (or the rest of the probe's line) to it.
#pragma once

namespace tether_test {

// Ends inside `operations:`, after the key line of its probe operation ("  things.list:").
inline constexpr const char* tiny_manifest_head = R"(format_version: 1
connector: {name: tiny, display_name: Tiny, version: 1.0.0}
settings:
  api_token: {type: string, secret: true}
servers:
  regions:
    com: {api_base: "https://api.example.com"}
auth:
  type: api_token
  credentials: {api_token: api_token}
  probe: {operation: things.list}
operations:
  things.list:)";

}  // namespace tether_test
