// The one classifier: (response status, provider error code, OAuth `error`, transport error) → the
// manifest rule's action. Pure and table-driven by the manifest; used for API calls and the token endpoint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "plugin/core/outcome.hpp"
#include "plugin/http/http_client.hpp"
#include "plugin/manifest/model.hpp"

namespace tether::classify {

struct classification {
    manifest::error_action action = manifest::error_action::fail;
    std::string reason;       // the matching rule's reason, or a generic one
    std::string description;  // the rule's description (for messages), may be empty
    bool retry_non_idempotent = false;  // the failure proves the request was not processed
    std::string oauth_error;
    std::optional<std::int64_t> retry_after_ms;
    attempt seen;             // status, provider code, refId, transport error (action filled in)
};

// Classifies a response that is not a success: a transport failure, a status outside 2xx, or a 2xx the caller
// could not take as its answer (acceptable_success in content_type.hpp: reason unexpected_content_type,
// backoff). Transport failures: a connection that was never made may be retried even for POST
// (retry_non_idempotent); a timeout or reset after sending is `backoff` but not safe to repeat for
// non-idempotent requests; a body past its cap is `bad_request` (reason response_too_large) and a header block
// past its cap `fail` (response_headers_too_large). A 3xx is `config_error` (reason unexpected_redirect, the
// Location in the description). Neither a transport failure nor a 3xx is matched against the manifest's rules.
// `provider_now_ms` resolves a Retry-After given as an HTTP date.
classification classify_response(const manifest::error_spec& errors, manifest::endpoint_kind endpoint,
                                 const http::response& response, std::int64_t provider_now_ms);

}  // namespace tether::classify
