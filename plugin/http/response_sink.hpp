// Where libcurl delivers an answer: its header lines and its decoded body, each kept within its cap. A
// callback that would pass a cap returns a short count, which makes libcurl abort the transfer at once; the
// sink then says which cap it was, so that the failure is reported as its own transport error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "plugin/http/http_client.hpp"

namespace tether::http {

class response_sink {
public:
    response_sink(response& into, std::int64_t max_header_bytes, std::int64_t max_body_bytes);

    // libcurl's CURLOPT_HEADERFUNCTION and CURLOPT_WRITEFUNCTION, with this sink as their user data.
    static std::size_t on_header(char* data, std::size_t size, std::size_t count, void* sink);
    static std::size_t on_body(char* data, std::size_t size, std::size_t count, void* sink);

    // response_too_large or response_headers_too_large once a cap was passed, else none.
    transport_error overflow() const noexcept { return overflow_; }
    // Which cap was passed, and what it is, for the response's error text.
    std::string overflow_text() const;
    // The final (non-1xx) header block has ended: a failure from now on is not about the headers.
    bool headers_complete() const noexcept { return headers_complete_; }

private:
    std::size_t take_header(const char* data, std::size_t n);
    std::size_t take_body(const char* data, std::size_t n);

    response& into_;
    std::int64_t max_header_bytes_;
    std::int64_t max_body_bytes_;
    std::int64_t header_bytes_ = 0;  // every header line so far, 1xx blocks included
    bool informational_ = false;     // the block being read answers 1xx: another block follows
    bool headers_complete_ = false;
    transport_error overflow_ = transport_error::none;
};

}  // namespace tether::http
