// GET /b/authorize: the consent page. Checks client_id, redirect_uri, response_type and the scope names,
// then "the user clicks Allow" (or Deny, when told to) and is redirected back with a code and the state.
#include <cctype>

#include "routes.hpp"
#include "scopes.hpp"

namespace tether::emulator::detail {

namespace {
std::string percent_encode(std::string_view text) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0x0f]);
        }
    }
    return out;
}

// A problem Smartsheet shows on its own page, because the redirect target cannot be trusted.
reply error_page(int status, std::string_view text) {
    return reply{status, "<html><body><h1>" + std::string(text) + "</h1></body></html>", "text/html", {}};
}

reply redirect(const std::string& redirect_uri, const std::vector<std::pair<std::string, std::string>>& params) {
    std::string location = redirect_uri;
    char separator = location.find('?') == std::string::npos ? '?' : '&';
    for (const auto& [name, value] : params) {
        location += separator + name + "=" + percent_encode(value);
        separator = '&';
    }
    return reply{302, "", "", {{"Location", location}}};
}
}  // namespace

reply authorize(request_context& ctx) {
    const emulator_options& options = ctx.state.options;
    if (ctx.param("client_id") != options.client_id) return error_page(400, "Invalid client_id");
    if (ctx.has_param("redirect_uri") && ctx.param("redirect_uri") != options.redirect_uri)
        return error_page(400, "The redirect_uri does not match the app's redirect URL");

    // From here on errors go back to the app, with its state, as RFC 6749 §4.1.2.1 says.
    std::vector<std::pair<std::string, std::string>> params;
    auto back_with = [&](std::string name, std::string value) {
        params.emplace_back(std::move(name), std::move(value));
        if (ctx.has_param("state")) params.emplace_back("state", ctx.param("state"));
        return redirect(options.redirect_uri, params);
    };
    if (ctx.param("response_type") != "code") return back_with("error", "unsupported_response_type");
    const auto scopes = parse_scopes(ctx.param("scope"));
    if (!scopes) return back_with("error", "invalid_scope");
    if (ctx.state.denials_pending > 0) {
        --ctx.state.denials_pending;
        return back_with("error", "access_denied");
    }
    if (!ctx.state.authorizing_user) return error_page(500, "No user to sign in as: add a user to the emulator");

    const std::string code = ctx.state.tokens.issue_code(*ctx.state.authorizing_user, *scopes,
                                                         ctx.param("redirect_uri"), ctx.now(), ctx.state.random);
    return back_with("code", code);
}

}  // namespace tether::emulator::detail
