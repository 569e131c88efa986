// What a successful answer must carry to count as one. An operation's answer is read as JSON, so a 2xx
// with a body of another media type — a maintenance page or a proxy's login form in front of the API — is
// not a success; the classifier (response_classifier.hpp) says what it is instead.
#pragma once

#include <string_view>

#include "plugin/http/http_client.hpp"

namespace tether::classify {

// application/json, or any media type with the +json suffix (application/problem+json); case, spaces and
// parameters such as charset do not matter.
bool is_json_media_type(std::string_view content_type);

// Whether a 2xx response may be taken as the answer: its body is empty (204, or nothing to misread) or its
// Content-Type is JSON.
bool acceptable_success(const http::response& r);

}  // namespace tether::classify
