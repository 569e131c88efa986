// The real transport: libcurl with a pool of reusable easy handles, each with its keep-alive connections, TLS
// verification on, HTTP/2 where the server offers it, no redirects. Only https URLs are sent, except http to
// a loopback host (emulators, local tests).
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "plugin/http/http_client.hpp"

namespace tether::http {

std::unique_ptr<client> make_curl_client();

// How many easy handles a transport made by make_curl_client has created (0 for any other client): in the
// steady state it stays at the largest number of requests ever in flight at once — handles are pooled.
std::size_t curl_handles_created(const client& transport) noexcept;

// Whether a URL may be sent: https, or http to 127.0.0.0/8, localhost or [::1].
bool url_allowed(std::string_view url);

}  // namespace tether::http
