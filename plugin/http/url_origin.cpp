// Where a URL points: scheme, host, port.
#include "plugin/http/url_origin.hpp"

#include <cctype>

namespace tether::http {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

url_parts split_url(std::string_view url) {
    url_parts parts;
    if (const auto scheme_end = url.find("://"); scheme_end != std::string_view::npos) {
        parts.scheme = lower(url.substr(0, scheme_end));
        url.remove_prefix(scheme_end + 3);
    }
    std::string_view authority = url.substr(0, url.find_first_of("/?#"));
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
    std::string_view host = authority;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        host = authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1);
        if (close != std::string_view::npos && close + 1 < authority.size() && authority[close + 1] == ':')
            parts.port = std::string(authority.substr(close + 2));
    } else if (const auto colon = authority.find(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        parts.port = std::string(authority.substr(colon + 1));
    }
    parts.host = lower(host);
    return parts;
}

std::string origin_of(std::string_view url) {
    if (url.empty()) return {};
    url_parts parts = split_url(url);
    if (parts.port.empty()) parts.port = parts.scheme == "http" ? "80" : parts.scheme == "https" ? "443" : "";
    return parts.scheme + "://" + parts.host + (parts.port.empty() ? "" : ":" + parts.port);
}

}  // namespace tether::http
