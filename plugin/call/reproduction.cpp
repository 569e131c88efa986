// The curl command line that repeats a request, for a person to run where the platform runs.
#include "plugin/call/reproduction.hpp"

#include <algorithm>
#include <cctype>

#include "plugin/core/ascii.hpp"
#include "plugin/core/redact.hpp"

namespace tether::call {

namespace {

// A header other than Authorization that may carry a credential (an API key header, a cookie).
bool carries_credential(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (std::string_view hint : {"token", "secret", "key", "cookie", "auth", "signature"})
        if (lower.find(hint) != std::string::npos) return true;
    return false;
}

}  // namespace

std::string shell_quoted(std::string_view text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += "'\\''";
        else
            out += c;
    }
    return out + "'";
}

std::string reproduce_line(const http::request& req) {
    std::string line = "curl -sS -X " + shell_quoted(req.method) + " " + shell_quoted(redact_url_secrets(req.url));
    for (const auto& h : req.headers) {
        if (equals_ignoring_case(h.name, "Authorization")) continue;
        const std::string value = carries_credential(h.name) ? redact(h.value) : std::string(h.value);
        line += " -H " + shell_quoted(h.name + ": " + value);
    }
    line += " -H \"Authorization: Bearer $TETHER_ACCESS_TOKEN\"";
    if (req.body.empty()) return line;
    if (req.body.size() <= max_inline_body_bytes) return line + " --data-binary " + shell_quoted(req.body);
    return line + " --data-binary @request-body.json  # the " + std::to_string(req.body.size()) +
           "-byte body, saved from the platform's own record";
}

}  // namespace tether::call
