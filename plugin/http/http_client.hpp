// The HTTP transport as the engine sees it: plain request/response values and one interface with a single
// real implementation (libcurl, curl_client.cpp) and fakes in tests. Transport failures are values, never
// exceptions, and say whether the request may have reached the server (what decides if a POST may be retried).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/core/wipe.hpp"

namespace tether::http {

struct header {
    std::string name;
    wiped_string value;  // a request's Authorization header is a secret: wiped when released
};

struct request {
    std::string method = "GET";  // upper case
    std::string url;             // absolute; https, or http to a loopback host
    std::vector<header> headers;
    wiped_string body;  // a token request's form carries the code, refresh token or client secret
    std::int64_t connect_timeout_ms = 10'000;  // TCP + TLS handshake; 0 or less: this default
    std::int64_t total_timeout_ms = 60'000;    // the whole exchange; 0 or less: this default (never unbounded)
    // Caps on what the answer may occupy in memory; passing one aborts the transfer at once. The body is
    // counted decoded (after Content-Encoding), so a small compressed body cannot inflate past it. Callers
    // set the body's cap to what they can use (an operation's max_response_bytes, the token endpoint's 1 MiB);
    // 0 or less: these defaults.
    std::int64_t max_body_bytes = 64 * 1024 * 1024;
    std::int64_t max_header_bytes = 64 * 1024;  // every header line of the answer, status lines included
};

enum class transport_error {
    none,                        // a response arrived (whatever its status)
    connect_failed,              // no connection was made: the request was certainly not sent
    connect_timeout,             // the connection was not established in time: not sent
    timeout,                     // timed out after the request was (possibly) sent
    connection_reset,            // the connection broke after the request was (possibly) sent
    bad_response,                // the server answered something that is not HTTP
    tls,                         // certificate or handshake failure
    refused_url,                 // the URL was refused before sending (scheme, host)
    refused_header,              // a header name or value with CR, LF or NUL was refused before sending
    response_too_large,          // the decoded body passed request::max_body_bytes: the transfer was aborted
    response_headers_too_large,  // the header block passed request::max_header_bytes: the transfer was aborted
    other,
};

// A short lowercase name: "connect_failed", "timeout", …
std::string_view to_string(transport_error e) noexcept;

struct response {
    int status = 0;  // 0 when error != none
    std::vector<header> headers;
    std::string body;
    transport_error error = transport_error::none;
    std::string error_text;  // never contains request headers or bodies

    bool ok() const noexcept { return error == transport_error::none; }
    // True when the server answered, even if the answer passed a cap and was not kept.
    bool answered() const noexcept {
        return ok() || error == transport_error::response_too_large ||
               error == transport_error::response_headers_too_large;
    }
    // True when the failure proves the server never received the request.
    bool certainly_not_sent() const noexcept {
        return error == transport_error::connect_failed || error == transport_error::connect_timeout ||
               error == transport_error::refused_url || error == transport_error::refused_header;
    }
    // The first header with this name (case-insensitive), or nullptr.
    const std::string* find_header(std::string_view name) const noexcept;
};

// Sends requests. Implementations are thread-safe: many threads may send at once.
class client {
public:
    virtual ~client() = default;
    virtual response send(const request& req) = 0;
    // Sends `req` with `user_agent` as its only User-Agent (one the request has is replaced). This default
    // copies the request; the real transport sets the header without a copy.
    virtual response send_as(const request& req, std::string_view user_agent);
};

}  // namespace tether::http
