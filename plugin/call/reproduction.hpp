// The troubleshooting guide's "reproduce it with curl": one shell command line that repeats a request where
// the platform runs, with the bearer left to the environment ("$TETHER_ACCESS_TOKEN") so that no token is
// ever printed. If curl then works, the platform is the culprit; if it fails the same way, the grant is.
#pragma once

#include <string>
#include <string_view>

#include "plugin/http/http_client.hpp"

namespace tether::call {

// Bodies up to this size go inline; a larger one is read from request-body.json (its size is said).
inline constexpr std::size_t max_inline_body_bytes = 2048;

// `curl -sS -X METHOD 'URL' -H 'Name: value' … -H "Authorization: Bearer $TETHER_ACCESS_TOKEN"
// [--data-binary 'BODY' | --data-binary @request-body.json]`: every part single-quoted for a POSIX shell,
// secret query values redacted (plugin/core/redact.hpp), any other credential header redacted. Pure.
std::string reproduce_line(const http::request& req);

// `text` as one single-quoted POSIX shell word. Pure.
std::string shell_quoted(std::string_view text);

}  // namespace tether::call
