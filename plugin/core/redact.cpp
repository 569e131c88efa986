// The one redaction rule of tether lives in the public SDK header, so that hosts and the CLI show secrets
// exactly as the library does.
#include "plugin/core/redact.hpp"

#include <tether/redact.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace tether {

namespace {

bool names_a_secret(std::string_view name) {
    static constexpr std::array<std::string_view, 9> hints{"token",     "secret", "code", "key",       "password",
                                                           "signature", "hash",   "auth", "credential"};
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return std::any_of(hints.begin(), hints.end(),
                       [&](std::string_view hint) { return lower.find(hint) != std::string::npos; });
}

}  // namespace

std::string redact(std::string_view secret) { return sdk::redact(secret); }

std::string redact_url_secrets(std::string_view url) {
    const auto query = url.find('?');
    if (query == std::string_view::npos) return std::string(url);
    const auto fragment = url.find('#', query);
    const std::string_view params =
        url.substr(query + 1, fragment == std::string_view::npos ? std::string_view::npos : fragment - query - 1);
    std::string out(url.substr(0, query + 1));
    std::size_t start = 0;
    while (start <= params.size()) {
        auto end = params.find('&', start);
        if (end == std::string_view::npos) end = params.size();
        const std::string_view pair = params.substr(start, end - start);
        const auto eq = pair.find('=');
        if (start > 0) out += '&';
        if (eq != std::string_view::npos && names_a_secret(pair.substr(0, eq)))
            out += std::string(pair.substr(0, eq + 1)) + redact(pair.substr(eq + 1));
        else
            out += pair;
        start = end + 1;
    }
    if (fragment != std::string_view::npos) out += url.substr(fragment);
    return out;
}

}  // namespace tether
