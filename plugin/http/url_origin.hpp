// Where a URL points: its scheme, host and port, the "origin" a grant is bound to (tokens are only ever sent to
// the origins that issued them). Pure.
#pragma once

#include <string>
#include <string_view>

namespace tether::http {

struct url_parts {
    std::string scheme;  // lowercase, e.g. "https"; "" when the URL has none
    std::string host;    // lowercase; an IPv6 host keeps its brackets
    std::string port;    // as written; "" when the URL gives none
};

// Splits the authority of an absolute URL; userinfo (user@) is dropped.
url_parts split_url(std::string_view url);

// "https://api.smartsheet.com:443": scheme, host and port, the port made explicit (443 for https, 80 for
// http) so that two spellings of one origin compare equal. "" for an empty URL.
std::string origin_of(std::string_view url);

}  // namespace tether::http
