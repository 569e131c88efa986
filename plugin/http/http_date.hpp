// HTTP dates (RFC 9110 §5.6.7): the Date and Retry-After headers. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tether::http {

// Milliseconds since the Unix epoch for an IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), also accepting the
// obsolete RFC 850 and asctime forms; nullopt for anything else, and for a year before 1900 (an unset clock's
// "01 Jan 0001") or after 9999.
std::optional<std::int64_t> parse_http_date(std::string_view text);

// The IMF-fixdate of a time (milliseconds are dropped); a time before 1970 or after 9999 is written as the
// nearest of the two.
std::string format_http_date(std::int64_t unix_ms);

}  // namespace tether::http
