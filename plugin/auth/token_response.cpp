// A token endpoint's successful answer → the grant it carries.
#include "plugin/auth/token_response.hpp"

#include <boost/json.hpp>

namespace tether::auth {

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
    if (const auto* type = o.if_contains("token_type"); type != nullptr && type->is_string())
        grant.token_type = std::string(type->get_string());
    if (const auto* expires = o.if_contains("expires_in"); expires != nullptr && !expires->is_null()) {
        if (expires->is_int64() && expires->get_int64() > 0)
            grant.expires_in_s = expires->get_int64();
        else if (expires->is_uint64())
            grant.expires_in_s = static_cast<std::int64_t>(expires->get_uint64());
        else if (expires->is_double() && expires->get_double() > 0)
            grant.expires_in_s = static_cast<std::int64_t>(expires->get_double());
        else if (expires->is_string()) {  // some providers send "3600"
            try {
                grant.expires_in_s = std::stoll(std::string(expires->get_string()));
            } catch (...) {
                return std::string("the token response's expires_in is not a number");
            }
        } else
            return std::string("the token response's expires_in is not a positive number");
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
