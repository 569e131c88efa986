// A token endpoint's successful answer → the grant it carries.
#include "plugin/auth/token_response.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "plugin/core/time_bounds.hpp"

namespace tether::auth {

namespace {

// Seconds from 1 up; anything beyond max_lifetime_s reads as one more than it (the caller clamps and says so).
// A number, or a string of digits ("3600": some providers quote it).
std::variant<std::int64_t, std::string> expires_in_seconds(const boost::json::value& v) {
    constexpr std::int64_t beyond = max_lifetime_s + 1;
    if (v.is_int64() && v.get_int64() > 0) return std::min(v.get_int64(), beyond);
    if (v.is_uint64()) return beyond;         // above INT64_MAX
    if (v.is_double() && v.get_double() > 0)  // compared as a double: converting a huge one is undefined
        return v.get_double() >= static_cast<double>(beyond)
                   ? beyond
                   : std::max<std::int64_t>(1, static_cast<std::int64_t>(v.get_double()));
    if (v.is_string()) {
        const std::string_view text = v.get_string();
        if (text.empty() || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::string("the token response's expires_in is not a number");
        std::int64_t seconds = 0;
        for (const char c : text) seconds = std::min(seconds * 10 + (c - '0'), beyond);
        if (seconds > 0) return seconds;
    }
    return std::string("the token response's expires_in is not a positive number");
}

bool is_bearer(std::string_view type) {
    constexpr std::string_view bearer = "bearer";
    return type.size() == bearer.size() && std::equal(type.begin(), type.end(), bearer.begin(), [](char a, char b) {
               return (a >= 'A' && a <= 'Z' ? static_cast<char>(a - 'A' + 'a') : a) == b;
           });
}

}  // namespace

bool carries_oauth_error(std::string_view body) {
    boost::json::error_code ec;
    const auto parsed = boost::json::parse(body, ec);
    if (ec || !parsed.is_object()) return false;
    const auto* error = parsed.get_object().if_contains("error");
    return error != nullptr && error->is_string() && !error->get_string().empty();
}

std::variant<token_grant, std::string> parse_token_response(std::string_view body) {
    boost::json::error_code ec;
    const auto parsed = boost::json::parse(body, ec);
    if (ec) return std::string("the token response is not JSON");
    if (!parsed.is_object()) return std::string("the token response is not a JSON object");
    const auto& o = parsed.get_object();

    token_grant grant;
    const auto* access = o.if_contains("access_token");
    if (access == nullptr || !access->is_string() || access->get_string().empty())
        return std::string("the token response has no access_token");
    grant.access_token = std::string(access->get_string());

    if (const auto* refresh = o.if_contains("refresh_token"); refresh != nullptr && !refresh->is_null()) {
        if (!refresh->is_string()) return std::string("the token response's refresh_token is not a string");
        grant.refresh_token = std::string(refresh->get_string());
    }
    if (const auto* type = o.if_contains("token_type"); type != nullptr && type->is_string()) {
        grant.token_type = std::string(type->get_string());
        // RFC 6749 §5.1: the type is case-insensitive; tether sends tokens only as bearers.
        if (!is_bearer(grant.token_type))
            return "the token response's token_type is '" + grant.token_type.substr(0, 32) + "', not bearer";
    }
    if (const auto* expires = o.if_contains("expires_in"); expires != nullptr && !expires->is_null()) {
        const auto seconds = expires_in_seconds(*expires);
        if (auto* problem = std::get_if<std::string>(&seconds)) return std::move(*problem);
        const std::int64_t declared = std::get<std::int64_t>(seconds);
        grant.expires_in_s = std::min(declared, max_lifetime_s);
        grant.expires_in_clamped = declared > max_lifetime_s;
    }
    if (const auto* scope = o.if_contains("scope"); scope != nullptr && scope->is_string()) {
        const std::string_view text = scope->get_string();
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = std::min(text.find_first_of(" ,", start), text.size());
            if (end > start) grant.scopes.emplace_back(text.substr(start, end - start));
            start = end + 1;
        }
    }
    return grant;
}

}  // namespace tether::auth
