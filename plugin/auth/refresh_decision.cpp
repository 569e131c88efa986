// Whether to refresh a connection's tokens now.
#include "plugin/auth/refresh_decision.hpp"

namespace tether::auth {

std::string_view to_string(refresh_action a) noexcept {
    switch (a) {
        case refresh_action::not_needed: return "not_needed";
        case refresh_action::adopt: return "adopt";
        case refresh_action::refresh_now: return "refresh_now";
        case refresh_action::wait: return "wait";
        case refresh_action::reconnect: return "reconnect";
        case refresh_action::not_usable: return "not_usable";
    }
    return "unknown";
}

refresh_decision decide_refresh(const record::token_record& r, const refresh_plan& plan, std::int64_t now,
                                const refresh_request& request) {
    using record::connection_state;
    if (r.state != connection_state::authorized || !r.has_tokens()) return {refresh_action::not_usable, -1, {}};

    const bool fresh = !refresh_due(plan, now);
    const std::int64_t due_in = plan.refresh_at_ms ? *plan.refresh_at_ms - now : -1;
    // Another thread or process replaced the token the asker saw: that is the answer, whatever asked.
    if (r.access_token != request.observed_token && fresh) return {refresh_action::adopt, due_in, {}};

    const bool insists = request.trigger == refresh_trigger::forced || request.trigger == refresh_trigger::rejected;
    if (!insists && fresh) return {refresh_action::not_needed, due_in, {}};

    if (r.api_token) {
        // Nothing refreshes an API access token: rejected means dead.
        if (request.trigger == refresh_trigger::rejected) return {refresh_action::reconnect, -1, "api_token_invalid"};
        return {refresh_action::not_needed, -1, {}};
    }
    if (r.refresh_blocked_until_ms > now) return {refresh_action::wait, r.refresh_blocked_until_ms - now, {}};
    // A client credentials grant needs no refresh token: the client's credentials fetch the next token.
    if (r.refresh_token.empty() && r.client_credentials_method.empty())
        return {refresh_action::reconnect, -1, "refresh_token_missing"};
    return {refresh_action::refresh_now, 0, {}};
}

}  // namespace tether::auth
