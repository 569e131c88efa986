// A tiny libcurl client for the emulator's own tests: deliberately independent of tether's HTTP code,
// so the emulator is checked against plain HTTP.
#pragma once

#include <curl/curl.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tether::emulator::testing {

struct http_response {
    CURLcode transport = CURLE_OK;  // anything else: no complete response (reset, truncated, timeout)
    long status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // names in lowercase

    std::string header(std::string_view name) const;  // "" when absent; name in any case
    boost::json::value json() const;                  // throws when the body is not JSON
    std::int64_t error_code() const;                  // the body's errorCode (0 when none)
};

struct http_request {
    std::string method = "GET";
    std::string url{};
    std::string body{};
    std::string content_type{};
    std::string bearer{};  // sent as "Authorization: Bearer …" when not empty
    long timeout_ms = 10000;
    bool decode = false;  // accept compressed answers and decode them (else the body is as sent)
};

http_response perform(const http_request& request);
http_response get(const std::string& url, const std::string& bearer = "");
http_response post_form(const std::string& url, const std::string& form);
http_response send_json(const std::string& method, const std::string& url, const boost::json::value& body,
                        const std::string& bearer = "");

// "a=1&b=x%20y" from name/value pairs.
std::string form_encode(const std::vector<std::pair<std::string, std::string>>& fields);
// A query parameter of a URL (e.g. a redirect Location), percent-decoded; "" when absent.
std::string query_param(const std::string& url, std::string_view name);
// Lowercase hex SHA-256 (the test's own oracle for the token endpoint's `hash`).
std::string sha256_hex(std::string_view data);

}  // namespace tether::emulator::testing
