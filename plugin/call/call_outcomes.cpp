// The outcomes a call ends with when it does not succeed.
#include "plugin/call/call_outcomes.hpp"

#include <boost/json/serialize.hpp>

#include "plugin/call/host_circuits.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"

namespace tether::call {

namespace {

std::string param_text(const boost::json::object& params, const std::string& name) {
    const auto* v = params.if_contains(name);
    if (v == nullptr) return {};
    if (v->is_string()) return std::string(v->get_string());
    return boost::json::serialize(*v);
}

void attach_resource(outcome& o, const manifest::operation& op, const boost::json::object& params) {
    if (!op.resource) return;
    o.resource_kind = op.resource->kind;
    o.resource_id = param_text(params, op.resource->param);
}

// The classification's reason, with its description when it has one.
std::string why(const classify::classification& c) {
    return c.description.empty() ? c.reason : c.reason + ": " + c.description;
}

// A failure without an HTTP response, for a call stopped by its own action.
std::string transport_message(const manifest::operation& op, const classify::classification& c,
                              const http::response& r) {
    switch (r.error) {
        case http::transport_error::response_too_large:
            return op.name + ": the response is larger than " + std::to_string(op.max_response_bytes) +
                   " bytes (the operation's max_response_bytes) and was not read to the end; ask for less — a page, "
                   "a filter — or raise the limit";
        case http::transport_error::response_headers_too_large:
            return op.name + ": the response's headers are larger than " +
                   std::to_string(http::request{}.max_header_bytes) + " bytes; not retried within this call";
        default:
            return op.name + " failed: " + c.seen.transport_error;
    }
}

std::string message_for(const call_context& ctx, const manifest::operation& op, const retry_decision& d,
                        const classify::classification& c, const http::response& r, const std::string& bearer) {
    switch (d.cause) {
        case stop_cause::rejected_after_refresh:
            return op.name + ": the provider rejected the token again right after a successful refresh (access " +
                   redact(bearer) + ")";
        case stop_cause::not_idempotent:
            return op.name + " may have been processed (" + why(c) +
                   "); it is not retried because it is not idempotent";
        case stop_cause::retries_exhausted: {
            const auto retries = ctx.manifest.errors.backoff.max_retries;
            return op.name + ": still failing after " + std::to_string(retries) + " retries (" + why(c) + ")";
        }
        case stop_cause::budget_exhausted:
            return op.name + ": the call's time budget (" + std::to_string(ctx.limits.max_elapsed_ms) +
                   " ms) ends before the next retry (" + why(c) + ")";
        case stop_cause::circuit_open:
            return op.name + ": calls to the API host " + url_authority(ctx.settings.api_base) +
                   " are paused after repeated failures (circuit open); not retried, try again in " +
                   std::to_string(d.retry_after_ms) + " ms (" + c.reason + ")";
        case stop_cause::classified: break;
    }
    if (!r.ok()) return transport_message(op, c, r);
    std::string message = op.name + " failed with HTTP " + std::to_string(r.status);
    if (c.seen.provider_code != 0) message += ", error code " + std::to_string(c.seen.provider_code);
    if (!c.description.empty()) message += ": " + c.description;
    return message;
}

}  // namespace

outcome stopped_call(const call_context& ctx, const manifest::operation& op, const boost::json::object& params,
                     const retry_decision& d, const classify::classification& c, const http::response& r,
                     call_progress& progress) {
    const std::string reason = d.cause == stop_cause::circuit_open ? "circuit_open" : c.reason;
    outcome o = outcome::failure(d.final_status, reason, message_for(ctx, op, d, c, r, progress.access_token));
    o.http_status = r.status;
    o.provider_code = c.seen.provider_code;
    o.ref_id = c.seen.ref_id;
    o.retry_after_ms = d.retry_after_ms;
    if (r.ok()) o.body = r.body;
    o.attempts = std::move(progress.attempts);
    o.first_failure = progress.first_failure;
    o.reproduce = std::move(progress.reproduce);
    if (o.code == status::forbidden || o.code == status::not_found) attach_resource(o, op, params);
    if (o.code == status::forbidden) {
        std::string message = op.name + ": the token is valid but not allowed";
        if (!o.resource_kind.empty()) message += " on " + o.resource_kind + " " + o.resource_id;
        if (!c.description.empty()) message += " — " + c.description;
        o.message = message + "; refreshing will not help";
    }
    return o;
}

outcome circuit_refused(const call_context& ctx, const manifest::operation& op, std::int64_t retry_after_ms,
                        call_progress& progress) {
    outcome o = outcome::failure(status::transient, "circuit_open",
                                 op.name + ": calls to the API host " + url_authority(ctx.settings.api_base) +
                                     " are paused after repeated failures (circuit open; " +
                                     std::to_string(ctx.breaker.policy().failure_threshold) +
                                     " in a row open it); not sent, try again in " + std::to_string(retry_after_ms) +
                                     " ms");
    o.retry_after_ms = retry_after_ms;
    if (!progress.attempts.empty()) {
        o.http_status = progress.attempts.back().http_status;
        o.provider_code = progress.attempts.back().provider_code;
        o.ref_id = progress.attempts.back().ref_id;
    }
    o.attempts = std::move(progress.attempts);
    o.first_failure = progress.first_failure;
    o.reproduce = std::move(progress.reproduce);
    log_event(ctx.host, log_level::debug, ctx.connection_id, op.name, "not sent: circuit open for {} ms more",
              retry_after_ms);
    return o;
}

outcome refresh_did_not_help(outcome refresh, const http::response& r, call_progress& progress) {
    for (auto& a : refresh.attempts) progress.attempts.push_back(std::move(a));
    refresh.attempts = std::move(progress.attempts);
    refresh.first_failure = progress.first_failure;
    refresh.reproduce = std::move(progress.reproduce);
    if (refresh.http_status == 0) refresh.http_status = r.status;
    return refresh;
}

}  // namespace tether::call
