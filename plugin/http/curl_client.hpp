// The real transport: libcurl with a pool of reusable easy handles sharing one connection cache, TLS
// verification on, HTTP/2 where the server offers it, no redirects. Only https URLs are sent, except http to
// a loopback host (emulators, local tests).
#pragma once

#include <memory>

#include "plugin/http/http_client.hpp"

namespace tether::http {

std::unique_ptr<client> make_curl_client();

// Whether a URL may be sent: https, or http to 127.0.0.0/8, localhost or [::1].
bool url_allowed(std::string_view url);

}  // namespace tether::http
