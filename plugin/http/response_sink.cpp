// Collecting an answer within its caps: header lines counted as they arrive, the decoded body appended
// without ever holding more than its cap.
#include "plugin/http/response_sink.hpp"

#include <algorithm>
#include <string_view>

namespace tether::http {

response_sink::response_sink(response& into, std::int64_t max_header_bytes, std::int64_t max_body_bytes)
    : into_(into),
      max_header_bytes_(max_header_bytes > 0 ? max_header_bytes : request{}.max_header_bytes),
      max_body_bytes_(max_body_bytes > 0 ? max_body_bytes : request{}.max_body_bytes) {}

std::size_t response_sink::on_header(char* data, std::size_t size, std::size_t count, void* sink) {
    return static_cast<response_sink*>(sink)->take_header(data, size * count);
}

std::size_t response_sink::on_body(char* data, std::size_t size, std::size_t count, void* sink) {
    return static_cast<response_sink*>(sink)->take_body(data, size * count);
}

std::string response_sink::overflow_text() const {
    if (overflow_ == transport_error::response_too_large)
        return "the response body exceeds " + std::to_string(max_body_bytes_) + " bytes (decoded); aborted";
    if (overflow_ == transport_error::response_headers_too_large)
        return "the response headers exceed " + std::to_string(max_header_bytes_) + " bytes; aborted";
    return {};
}

std::size_t response_sink::take_header(const char* data, std::size_t n) {
    header_bytes_ += static_cast<std::int64_t>(n);
    if (header_bytes_ > max_header_bytes_) {
        overflow_ = transport_error::response_headers_too_large;
        return 0;
    }
    try {
        std::string_view line(data, n);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
        if (line.rfind("HTTP/", 0) == 0) {
            into_.headers.clear();  // a new response (after a 1xx): keep only the final one's headers
            const auto code = line.find(' ');
            informational_ = code != std::string_view::npos && code + 1 < line.size() && line[code + 1] == '1';
        } else if (line.empty()) {
            if (!informational_) headers_complete_ = true;
        } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
            std::string_view value = line.substr(colon + 1);
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
            into_.headers.push_back(header{std::string(line.substr(0, colon)), std::string(value)});
        }
    } catch (...) {  // nothing may unwind through libcurl: a failed allocation aborts the transfer
        return 0;
    }
    return n;
}

std::size_t response_sink::take_body(const char* data, std::size_t n) {
    std::string& body = into_.body;
    const auto cap = static_cast<std::size_t>(max_body_bytes_);
    if (n > cap - std::min(cap, body.size())) {
        overflow_ = transport_error::response_too_large;
        return 0;
    }
    try {
        // Grow geometrically, but never reserve beyond the cap: the body never holds more than it allows.
        if (body.size() + n > body.capacity())
            body.reserve(std::min(cap, std::max(body.size() + n, 2 * body.capacity())));
        body.append(data, n);
    } catch (...) {  // nothing may unwind through libcurl: a failed allocation aborts the transfer
        return 0;
    }
    return n;
}

}  // namespace tether::http
