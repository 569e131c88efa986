// The https-or-loopback rule for every URL a manifest or a host gives tether.
#include "plugin/manifest/url_rules.hpp"

#include <algorithm>
#include <cctype>

namespace tether::manifest {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

bool istarts_with(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

constexpr std::string_view https_rule = "must use https (plain http is allowed only to 127.0.0.1, localhost or [::1])";

}  // namespace

bool is_loopback_host(std::string_view host) {
    return host == "127.0.0.1" || host == "[::1]" || iequals(host, "localhost");
}

std::optional<std::string> url_problem(std::string_view url) {
    if (url.empty()) return std::string("is empty");
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return std::string("contains whitespace or a control character");

    bool secure = istarts_with(url, "https://");
    bool plain = !secure && istarts_with(url, "http://");
    if (!secure && !plain) {
        if (url.find("://") == std::string_view::npos)
            return std::string("is not absolute (expected https://host/...)");
        return std::string(https_rule);
    }
    std::string_view rest = url.substr(secure ? 8 : 7);
    std::size_t end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, end);
    if (rest.find('#') != std::string_view::npos) return std::string("must not contain a #fragment");
    if (authority.find('@') != std::string_view::npos) return std::string("must not contain credentials (user@)");

    std::string_view host = authority;
    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        std::size_t close = authority.find(']');
        if (close == std::string_view::npos) return std::string("has an unterminated [IPv6] host");
        host = authority.substr(0, close + 1);
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') return std::string("has junk after the [IPv6] host");
            port = after.substr(1);
            if (port.empty()) return std::string("has an empty port");
        }
    } else if (std::size_t colon = authority.find(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
        if (port.empty()) return std::string("has an empty port");
    }
    if (host.empty() || host == "[]") return std::string("has no host");
    if (!port.empty()) {
        if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::string("has a port that is not a number 1-65535");
        int number = std::stoi(std::string(port));
        if (number < 1 || number > 65535) return std::string("has a port that is not a number 1-65535");
    }
    if (plain && !is_loopback_host(host)) return std::string(https_rule);
    return std::nullopt;
}

std::optional<std::string> url_template_problem(const string_template& url) {
    if (url.parts.empty() || url.parts.front().placeholder) return std::nullopt;
    std::string sample;
    for (const auto& part : url.parts) sample += part.placeholder ? std::string("x") : part.text;
    return url_problem(sample);
}

}  // namespace tether::manifest
