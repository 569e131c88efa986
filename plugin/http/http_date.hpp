// HTTP dates (RFC 9110 §5.6.7): the Date and Retry-After headers. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tether::http {

// Milliseconds since the Unix epoch for an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), also accepting the
// obsolete RFC 850 and asctime forms; nullopt for anything else.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// The IMF-fixdate of a time (milliseconds are dropped).
std::string format_http_date(std::int64_t unix_ms);

}  // namespace tether::http
