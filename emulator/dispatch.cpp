// Serving one Smartsheet request. The order of checks is the order a client meets them: fault rules
// first (they stand for the network and gateways in front of Smartsheet), then the token (401), the rate
// limit (429), the scope (403), and only then the handler (404, 403 on sharing, 400 on the body).
#include "dispatch.hpp"

#include <cctype>
#include <chrono>

#include "api_errors.hpp"
#include "gzip_bomb.hpp"
#include "routes.hpp"
#include "scopes.hpp"
#include "transport_faults.hpp"

namespace tether::emulator::detail {

reply request_context::error(int status, int error_code, const std::vector<std::string>& details) const {
    return api_error(status, error_code, state.random, details);
}

namespace {
std::string bearer_of(const httplib::Request& request) {
    const std::string header = request.get_header_value("Authorization");
    constexpr std::string_view scheme = "bearer ";
    if (header.size() <= scheme.size()) return "";
    for (std::size_t i = 0; i < scheme.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(header[i])) != scheme[i]) return "";
    return header.substr(scheme.size());
}

// Authentication, rate limit and scope for a bearer route; nullopt when the request may proceed.
std::optional<reply> admit_bearer(request_context& ctx, const route& r) {
    if (ctx.bearer.empty()) return ctx.error(401, 1001);
    switch (ctx.state.tokens.check_access(ctx.bearer, ctx.now())) {
        case access_verdict::unknown:
        case access_verdict::revoked:
            return ctx.error(401, 1002);
        case access_verdict::expired:
            return ctx.error(401, 1003);
        case access_verdict::admin_expired:
            return ctx.error(401, ctx.state.options.admin_expired_error_code);
        case access_verdict::valid:
            break;
    }
    if (!ctx.state.rate_limit.admit(ctx.bearer, ctx.now())) {
        reply limited = ctx.error(429, 4003);
        if (auto after = ctx.state.rate_limit.retry_after_s())
            limited.headers.emplace_back("Retry-After", std::to_string(*after));
        return limited;
    }
    const access_token_record& token = *ctx.state.tokens.find_access(ctx.bearer);
    ctx.user_id = token.user_id;
    // A token without the scope is refused like an unshared sheet: 403 with a 1004 body.
    if (!r.required_scope.empty() && !has_scope(token.scopes, r.required_scope)) return ctx.error(403, 1004);
    return std::nullopt;
}

reply run_route(request_context& ctx, const route_match& match) {
    if (match.found == nullptr) return match.path_exists ? ctx.error(405, 1010) : ctx.error(404, 1006);
    if (match.found->auth == auth_rule::bearer)
        if (auto refusal = admit_bearer(ctx, *match.found)) return *refusal;
    try {
        return match.found->handler(ctx);
    } catch (const std::exception&) {
        return ctx.error(500, 4000);
    }
}

// A WWW-Authenticate value of exactly `size` bytes (or its fixed parts, when `size` is smaller).
std::string bloated_challenge(std::size_t size) {
    std::string value = "Bearer realm=\"smartsheet\", error_description=\"";
    if (value.size() + 1 < size) value.append(size - value.size() - 1, 'x');
    return value + "\"";
}

// The answer of a fault that replaces the real one (error_status, non_json_body, gzip_bomb, redirect,
// huge_header).
reply fault_reply(const fault_rule& fault, random_source& random) {
    reply answer{fault.status, "", "", {}};
    if (fault.kind == fault_kind::non_json_body) {
        // What a proxy or maintenance page in front of the API looks like.
        if (answer.status == 0) answer.status = 200;
        answer.content_type = "text/html";
        answer.body =
            "<html><head><title>Service Unavailable</title></head>"
            "<body><h1>The service is temporarily unavailable.</h1></body></html>";
    } else if (fault.kind == fault_kind::gzip_bomb) {
        // Not "application/json" exactly: httplib would compress that type once more.
        answer = reply{200,
                       gzip_bomb(fault.inflated_bytes > 0 ? fault.inflated_bytes : 300LL << 20),
                       "application/json;charset=UTF-8",
                       {{"Content-Encoding", "gzip"}}};
    } else if (fault.kind == fault_kind::redirect) {
        if (answer.status == 0) answer.status = 302;
        answer.headers.emplace_back("Location", fault.location);
    } else if (fault.error_code != 0) {
        const std::string message = fault.message.empty() ? error_message(fault.error_code) : fault.message;
        answer = json_reply(
            fault.status,
            boost::json::object{{"errorCode", fault.error_code}, {"message", message}, {"refId", random.ref_id()}});
    }
    if (fault.kind == fault_kind::huge_header) {
        if (answer.status == 0) answer.status = 401;
        const std::size_t size = fault.header_bytes > 0 ? static_cast<std::size_t>(fault.header_bytes) : 128 * 1024;
        answer.headers.emplace_back("WWW-Authenticate", bloated_challenge(size));
    }
    if (fault.retry_after_s) answer.headers.emplace_back("Retry-After", std::to_string(*fault.retry_after_s));
    return answer;
}

bool replaces_answer(fault_kind kind) {
    return kind == fault_kind::error_status || kind == fault_kind::non_json_body || kind == fault_kind::gzip_bomb ||
           kind == fault_kind::redirect || kind == fault_kind::huge_header;
}
// The request's headers for the log, the credential reduced to what may be shown of it.
std::vector<std::pair<std::string, std::string>> logged_headers(const httplib::Request& request) {
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& [name, value] : request.headers) {
        if (!same_text_ignoring_case(name, "Authorization")) {
            headers.emplace_back(name, value);
            continue;
        }
        const auto space = value.find(' ');
        headers.emplace_back(name, space == std::string::npos
                                       ? token_suffix(value)
                                       : value.substr(0, space) + " …" + token_suffix(value.substr(space + 1)));
    }
    return headers;
}

}  // namespace

void serve_smartsheet(emulator_state& state, const httplib::Request& request, httplib::Response& response) {
    const route_match match = match_route(request.method, request.path);
    const bool is_token_grant = match.endpoint == "POST /2.0/token";
    const std::string grant_type = is_token_grant ? request.get_param_value("grant_type") : "";

    std::optional<fault_rule> fault;
    std::uint64_t released_before = 0;
    {
        std::lock_guard lock(state.mutex);
        fault = state.faults.take({request.method, request.path, grant_type}, false);
        if (fault && fault->kind == fault_kind::delay) {
            ++state.requests_in_delay;
            released_before = state.delays_released;
        }
    }
    // The wait releases the lock, so a slow request does not stall the others; release_delays() ends it early.
    if (fault && fault->kind == fault_kind::delay) {
        std::unique_lock lock(state.mutex);
        state.delay_released.wait_for(lock, std::chrono::milliseconds(fault->delay_ms),
                                      [&] { return state.delays_released != released_before; });
    }

    reply answer;
    request_log_entry entry{{}, request.method, request.path, match.endpoint, 0, grant_type, "", ""};
    {
        std::lock_guard lock(state.mutex);
        // Out of the delay in the step that counts and logs it: an observer sees it in one or the other.
        if (fault && fault->kind == fault_kind::delay) --state.requests_in_delay;
        request_context ctx{request, state, match.ids, 0, bearer_of(request), ""};
        const bool reset = fault && fault->kind == fault_kind::connection_reset;
        if (fault && replaces_answer(fault->kind))
            answer = fault_reply(*fault, state.random);
        else if (!reset)  // a reset connection never reaches Smartsheet
            answer = run_route(ctx, match);
        entry.at = state.clock.now();
        entry.status = reset ? 0 : answer.status;
        entry.bearer_suffix = token_suffix(ctx.bearer);
        entry.fault = fault ? std::string(fault_kind_name(fault->kind)) : ctx.fired_fault;
        entry.headers = logged_headers(request);
        state.observed.record(entry);
        answer.headers.emplace_back("Date", format_http_date(entry.at + state.date_skew));
    }
    if (state.options.on_request) state.options.on_request(entry);

    if (fault && fault->kind == fault_kind::connection_reset) {
        if (reset_connection(request)) return;
        answer.status = 502;  // the socket was not found: a bare gateway error is the nearest thing
    }
    if (fault && fault->kind == fault_kind::truncated_body) return send_truncated(answer, response);
    write_reply(answer, response);
}

std::string current_date_header(emulator_state& state) {
    std::lock_guard lock(state.mutex);
    return format_http_date(state.clock.now() + state.date_skew);
}

void write_reply(const reply& answer, httplib::Response& response) {
    response.status = answer.status;
    for (const auto& [name, value] : answer.headers) response.set_header(name, value);
    if (!answer.body.empty() || !answer.content_type.empty()) response.set_content(answer.body, answer.content_type);
}

}  // namespace tether::emulator::detail
