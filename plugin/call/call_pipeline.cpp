// The `call` verb. The decision for each response comes from the one classifier (plugin/classify); this file
// only sequences attempts: the bearer on every attempt, refresh-then-retry once, backoff within the budget.
#include "plugin/call/call_pipeline.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

#include "plugin/classify/response_classifier.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"
#include "plugin/manifest/request_binding.hpp"
#include "plugin/retry/backoff.hpp"

namespace tether {

namespace {

using manifest::error_action;

std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& line : lines) {
        if (!out.empty()) out += "; ";
        out += line;
    }
    return out;
}

std::string param_text(const boost::json::object& params, const std::string& name) {
    const auto* v = params.if_contains(name);
    if (v == nullptr) return {};
    if (v->is_string()) return std::string(v->get_string());
    return boost::json::serialize(*v);
}

status status_for(error_action action, int http_status) {
    switch (action) {
        case error_action::refresh_then_retry: return status::transient;
        case error_action::reconnect: return status::reconnect_required;
        case error_action::forbidden: return status::forbidden;
        case error_action::backoff: return status::transient;
        case error_action::bad_request: return status::bad_request;
        case error_action::not_found: return status::not_found;
        case error_action::config_error: return status::config_error;
        case error_action::fail: return http_status >= 400 && http_status < 500 ? status::bad_request : status::transient;
    }
    return status::internal;
}

// The outcome of a failed call: the final decision's status, the provider's details of the final response,
// the whole attempt chain and the first failure (the root cause the seeds tell us to report).
outcome failed(status code, const classify::classification& c, const http::response& r, std::vector<attempt> attempts,
               const std::optional<attempt>& first_failure, std::string message) {
    outcome o = outcome::failure(code, c.reason, std::move(message));
    o.http_status = r.status;
    o.provider_code = c.seen.provider_code;
    o.ref_id = c.seen.ref_id;
    if (r.ok()) o.body = r.body;
    o.attempts = std::move(attempts);
    o.first_failure = first_failure;
    return o;
}

}  // namespace

outcome run_call(const call::call_context& ctx, const call_request& request) {
    const manifest::operation* op = ctx.manifest.find_operation(request.operation);
    if (op == nullptr)
        return outcome::failure(status::bad_request, "unknown_operation",
                                "the manifest '" + ctx.manifest.connector.name + "' has no operation '" +
                                    request.operation + "'");

    boost::json::object params;
    if (!request.params_json.empty()) {
        boost::json::error_code ec;
        auto parsed = boost::json::parse(request.params_json, ec);
        if (ec || !parsed.is_object())
            return outcome::failure(status::bad_request, "params_invalid",
                                    "the parameters of '" + op->name + "' must be a JSON object");
        params = std::move(parsed.as_object());
    }
    auto bound = manifest::bind_request(*op, params);
    if (auto* problems = std::get_if<std::vector<std::string>>(&bound))
        return outcome::failure(status::bad_request, "params_invalid", op->name + ": " + join(*problems));
    const auto& binding = std::get<manifest::bound_request>(bound);

    if (request.has_body && op->body == manifest::body_mode::none)
        return outcome::failure(status::bad_request, "body_not_allowed", op->name + " takes no request body");
    if (!request.has_body && op->body == manifest::body_mode::required)
        return outcome::failure(status::bad_request, "body_required", op->name + " needs a JSON request body");
    if (request.has_body) {
        boost::json::error_code ec;
        (void)boost::json::parse(request.body, ec);
        if (ec)
            return outcome::failure(status::bad_request, "body_invalid",
                                    op->name + ": the request body is not valid JSON (" + ec.message() + ")");
    }

    http::request req;
    req.method = std::string(manifest::to_string(op->method));
    req.url = ctx.settings.api_base + binding.target();
    req.headers.push_back({"Accept", "application/json"});
    if (request.has_body) {
        req.headers.push_back({"Content-Type", "application/json"});
        req.body = request.body;
    }
    for (const auto& [name, value] : binding.headers) req.headers.push_back({name, value});
    const std::size_t bearer_slot = req.headers.size();
    req.headers.push_back({"Authorization", ""});

    auth::token_access access = ctx.keeper.current_access();
    if (access.failure) return std::move(*access.failure);

    // New scopes need a new consent: refreshing only renews what was granted.
    if (const auto granted = ctx.keeper.granted_scopes(); !granted.empty()) {
        std::vector<std::string> missing;
        for (const auto& scope : op->required_scopes)
            if (std::find(granted.begin(), granted.end(), scope) == granted.end()) missing.push_back(scope);
        if (!missing.empty())
            return outcome::failure(status::reconnect_required, "scope_missing",
                                    op->name + " needs the scope(s) " + join(missing) +
                                        " that this connection was not granted; re-authorize requesting them");
    }

    const auto& backoff = ctx.manifest.errors.backoff;
    const retry::backoff_limits limits{backoff.base_delay_ms, backoff.max_delay_ms};
    std::vector<attempt> attempts;
    std::optional<attempt> first_failure;
    int retries = 0;
    bool refreshed = false;

    while (true) {
        // The bearer goes on every attempt, from the token current now (a refresh changes it).
        req.headers[bearer_slot].value = "Bearer " + access.access_token;
        const http::response r = ctx.http.send(req);
        if (const auto* date = r.find_header("Date")) ctx.skew.observe(ctx.host.now_ms(), *date);

        if (r.ok() && r.status >= 200 && r.status < 300) {
            ctx.keeper.note_accepted(access.access_token);
            attempt seen;
            seen.http_status = r.status;
            seen.action = "ok";
            attempts.push_back(seen);
            outcome o;
            o.http_status = r.status;
            o.body = r.body;
            o.attempts = std::move(attempts);
            o.first_failure = first_failure;
            return o;
        }

        auto c = classify::classify_response(ctx.manifest.errors, manifest::endpoint_kind::api, r,
                                             ctx.skew.provider_now(ctx.host.now_ms()));
        attempts.push_back(c.seen);
        if (!first_failure) first_failure = c.seen;
        log_event(ctx.host, log_level::debug, ctx.connection_id, op->name, "attempt {}: HTTP {} code {} → {}",
                  attempts.size(), r.status, c.seen.provider_code, c.seen.action);

        switch (c.action) {
            case error_action::refresh_then_retry: {
                if (refreshed)  // the fresh token was rejected too: stop, never loop
                    return failed(status::transient, c, r, std::move(attempts), first_failure,
                                  op->name + ": the provider rejected the token again right after a successful "
                                             "refresh (access " + redact(access.access_token) + ")");
                refreshed = true;
                const std::string rejected = access.access_token;
                access = ctx.keeper.after_unauthorized(rejected);
                if (access.failure) {
                    outcome o = std::move(*access.failure);
                    for (auto& a : o.attempts) attempts.push_back(a);
                    o.attempts = std::move(attempts);
                    o.first_failure = first_failure;
                    if (o.http_status == 0) o.http_status = r.status;
                    return o;
                }
                attempts.back().action = "refresh_then_retry";
                continue;
            }
            case error_action::backoff: {
                if (!op->idempotent && !c.retry_non_idempotent)
                    return failed(status::transient, c, r, std::move(attempts), first_failure,
                                  op->name + " may have been processed (" + c.reason +
                                      "); it is not retried because it is not idempotent");
                std::int64_t delay = retry::retry_delay_ms(limits, retries, random_unit(ctx.host), c.retry_after_ms);
                if (retries >= backoff.max_retries || delay > backoff.max_delay_ms) {
                    outcome o = failed(status::transient, c, r, std::move(attempts), first_failure,
                                       op->name + ": still failing after " + std::to_string(retries) +
                                           " retries (" + c.reason + ")");
                    o.retry_after_ms = std::max(delay, c.retry_after_ms.value_or(0));
                    return o;
                }
                attempts.back().delay_ms = delay;
                attempts.back().action = "retry";
                ++retries;
                ctx.host.sleep_ms(delay);
                continue;
            }
            case error_action::forbidden: {
                std::string message = op->name + ": the token is valid but not allowed";
                outcome o = failed(status::forbidden, c, r, std::move(attempts), first_failure, "");
                if (op->resource) {
                    o.resource_kind = op->resource->kind;
                    o.resource_id = param_text(params, op->resource->param);
                    message += " on " + o.resource_kind + " " + o.resource_id;
                }
                if (!c.description.empty()) message += " — " + c.description;
                o.message = message + "; refreshing will not help";
                return o;
            }
            default: {
                std::string message = op->name + " failed with HTTP " + std::to_string(r.status);
                if (!r.ok()) message = op->name + " failed: " + c.seen.transport_error;
                if (c.seen.provider_code != 0) message += ", error code " + std::to_string(c.seen.provider_code);
                if (!c.description.empty()) message += ": " + c.description;
                outcome o = failed(status_for(c.action, r.status), c, r, std::move(attempts), first_failure, message);
                if (o.code == status::transient) o.retry_after_ms = c.retry_after_ms.value_or(backoff.base_delay_ms);
                if (o.code == status::not_found && op->resource) {
                    o.resource_kind = op->resource->kind;
                    o.resource_id = param_text(params, op->resource->param);
                }
                return o;
            }
        }
    }
}

}  // namespace tether
