// Shared by the manifest tests: where the fixtures are, and a minimal valid manifest to vary.
#pragma once

#include <string>

namespace tether::manifest::testing {

inline const std::string smartsheet_path = std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml";
inline const std::string broken_dir = TETHER_MANIFEST_FIXTURES;

// The smallest valid manifest; the broken fixtures are this with one thing wrong.
inline constexpr const char* minimal_manifest = R"(format_version: 1
connector:
  name: example
  display_name: Example
  version: 1.0.0
settings:
  client_id: {type: string, required: true}
  client_secret: {type: string, required: true, secret: true}
servers:
  regions:
    main: {api_base: "https://api.example.com/v1", authorize_url: "https://example.com/oauth/authorize"}
auth:
  type: oauth2
  token_url: /oauth/token
  client_auth: client_secret_post
  credentials: {client_id: client_id, client_secret: client_secret}
  probe: {operation: me}
operations:
  me:
    method: GET
    path: /me
)";

}  // namespace tether::manifest::testing
