// One request's attempts. The decision for each failed response comes from the one classifier; this file only
// sequences: admission by the circuit breaker, the bearer, refresh-then-retry once, backoff within budgets.
#include "plugin/call/attempt_sequence.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "plugin/call/host_circuits.hpp"
#include "plugin/classify/response_classifier.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/host/log.hpp"
#include "plugin/retry/backoff.hpp"

namespace tether::call {

namespace {

using manifest::error_action;

// A transport error that proves nothing about the host's health: our own refusal or a TLS/config problem.
bool refused_before_sending(http::transport_error e) {
    return e == http::transport_error::refused_url || e == http::transport_error::refused_header ||
           e == http::transport_error::tls;
}

std::string param_text(const boost::json::object& params, const std::string& name) {
    const auto* v = params.if_contains(name);
    if (v == nullptr) return {};
    if (v->is_string()) return std::string(v->get_string());
    return boost::json::serialize(*v);
}

status status_for(error_action action, int http_status) {
    switch (action) {
        case error_action::refresh_then_retry:
            return status::transient;
        case error_action::reconnect:
            return status::reconnect_required;
        case error_action::forbidden:
            return status::forbidden;
        case error_action::backoff:
            return status::transient;
        case error_action::bad_request:
            return status::bad_request;
        case error_action::not_found:
            return status::not_found;
        case error_action::config_error:
            return status::config_error;
        case error_action::fail:
            return http_status >= 400 && http_status < 500 ? status::bad_request : status::transient;
    }
    return status::internal;
}

// The outcome of a failed call: the final decision's status, the provider's details of the final response,
// the whole attempt chain and the first failure.
outcome failed(status code, const classify::classification& c, const http::response& r, call_progress& progress,
               std::string message) {
    outcome o = outcome::failure(code, c.reason, std::move(message));
    o.http_status = r.status;
    o.provider_code = c.seen.provider_code;
    o.ref_id = c.seen.ref_id;
    if (r.ok()) o.body = r.body;
    o.attempts = std::move(progress.attempts);
    o.first_failure = progress.first_failure;
    return o;
}

void attach_resource(outcome& o, const manifest::operation& op, const boost::json::object& params) {
    if (!op.resource) return;
    o.resource_kind = op.resource->kind;
    o.resource_id = param_text(params, op.resource->param);
}

outcome circuit_open(const call_context& ctx, const manifest::operation& op, const circuit_admission& admission,
                     call_progress& progress) {
    outcome o = outcome::failure(status::transient, "circuit_open",
                                 op.name + ": calls to the API host " + url_authority(ctx.settings.api_base) +
                                     " are paused after repeated failures (circuit open; " +
                                     std::to_string(ctx.breaker.policy().failure_threshold) +
                                     " in a row open it); not sent, try again in " +
                                     std::to_string(admission.retry_after_ms) + " ms");
    o.retry_after_ms = admission.retry_after_ms;
    if (!progress.attempts.empty()) {
        o.http_status = progress.attempts.back().http_status;
        o.provider_code = progress.attempts.back().provider_code;
        o.ref_id = progress.attempts.back().ref_id;
    }
    o.attempts = std::move(progress.attempts);
    o.first_failure = progress.first_failure;
    log_event(ctx.host, log_level::debug, ctx.connection_id, op.name, "not sent: circuit open for {} ms more",
              admission.retry_after_ms);
    return o;
}

// The attempt's own timeouts: the defaults, cut to what is left of the call's budget (at least a second, so
// that a nearly spent budget still gets a real attempt rather than an instant timeout).
void bound_timeouts(http::request& req, const call_limits& limits, std::int64_t elapsed_ms) {
    const std::int64_t left = std::max<std::int64_t>(limits.max_elapsed_ms - elapsed_ms, 1'000);
    req.total_timeout_ms = std::min(limits.attempt_timeout_ms, left);
    req.connect_timeout_ms = std::min(limits.connect_timeout_ms, req.total_timeout_ms);
}

}  // namespace

std::int64_t call_progress::elapsed_ms(std::int64_t now_ms) const {
    return std::max(now_ms - started_ms, slept_ms);
}

bool availability_failure(const http::response& r) {
    if (!r.ok()) return !refused_before_sending(r.error);
    return r.status >= 500 || r.status == 408;
}

sequence_result send_with_retries(const call_context& ctx, const manifest::operation& op,
                                  const boost::json::object& params, http::request req, call_progress& progress) {
    auto bearer = std::find_if(req.headers.begin(), req.headers.end(),
                               [](const http::header& h) { return h.name == "Authorization"; });
    if (bearer == req.headers.end()) bearer = req.headers.insert(req.headers.end(), {"Authorization", ""});

    const auto& backoff = ctx.manifest.errors.backoff;
    const retry::backoff_limits limits{backoff.base_delay_ms, backoff.max_delay_ms};
    int retries = 0;
    bool refreshed = false;

    while (true) {
        const circuit_admission admission = ctx.breaker.admit(ctx.host.now_ms());
        if (!admission.allowed) return {{}, circuit_open(ctx, op, admission, progress)};

        // The bearer goes on every attempt, from the token current now (a refresh changes it).
        bearer->value = "Bearer " + progress.access_token;
        bound_timeouts(req, ctx.limits, progress.elapsed_ms(ctx.host.now_ms()));
        http::response r = ctx.http.send(req);
        const std::int64_t received_ms = ctx.host.now_ms();
        if (const auto* date = r.find_header("Date")) ctx.skew.observe(received_ms, *date);

        if (r.ok() && r.status >= 200 && r.status < 300) {
            ctx.breaker.record_success(received_ms);
            ctx.keeper.note_accepted(progress.access_token);
            attempt seen;
            seen.http_status = r.status;
            seen.action = "ok";
            progress.attempts.push_back(seen);
            return {std::move(r), std::nullopt};
        }

        if (availability_failure(r))
            ctx.breaker.record_failure(received_ms);
        else if (r.ok())
            ctx.breaker.record_success(received_ms);  // it answered: whatever the answer, the host is up

        auto c = classify::classify_response(ctx.manifest.errors, manifest::endpoint_kind::api, r,
                                             ctx.skew.provider_now(received_ms));
        progress.attempts.push_back(c.seen);
        if (!progress.first_failure) {
            progress.first_failure = c.seen;
            progress.first_failure_index = progress.attempts.size() - 1;
        }
        log_event(ctx.host, log_level::debug, ctx.connection_id, op.name, "attempt {}: HTTP {} code {} → {}",
                  progress.attempts.size(), r.status, c.seen.provider_code, c.seen.action);

        switch (c.action) {
            case error_action::refresh_then_retry: {
                if (refreshed)  // the fresh token was rejected too: stop, never loop
                    return {{},
                            failed(status::transient, c, r, progress,
                                   op.name +
                                       ": the provider rejected the token again right after a "
                                       "successful refresh (access " +
                                       redact(progress.access_token) + ")")};
                refreshed = true;
                auth::token_access access = ctx.keeper.after_unauthorized(progress.access_token);
                if (access.failure) {
                    outcome o = std::move(*access.failure);
                    for (auto& a : o.attempts) progress.attempts.push_back(a);
                    o.attempts = std::move(progress.attempts);
                    o.first_failure = progress.first_failure;
                    if (o.http_status == 0) o.http_status = r.status;
                    return {{}, std::move(o)};
                }
                progress.access_token = std::move(access.access_token);
                progress.decide_last("refresh_then_retry");
                continue;
            }
            case error_action::backoff: {
                if (!op.idempotent && !c.retry_non_idempotent)
                    return {{},
                            failed(status::transient, c, r, progress,
                                   op.name + " may have been processed (" + c.reason +
                                       "); it is not retried because it is not idempotent")};
                const std::int64_t delay =
                    retry::retry_delay_ms(limits, retries, random_unit(ctx.host), c.retry_after_ms);
                if (retries >= backoff.max_retries || delay > backoff.max_delay_ms) {
                    outcome o = failed(
                        status::transient, c, r, progress,
                        op.name + ": still failing after " + std::to_string(retries) + " retries (" + c.reason + ")");
                    // Never 0: a jittered delay may be tiny, but the host should still wait a little.
                    o.retry_after_ms = std::max({delay, c.retry_after_ms.value_or(0), backoff.base_delay_ms});
                    return {{}, std::move(o)};
                }
                const std::int64_t elapsed = progress.elapsed_ms(ctx.host.now_ms());
                if (elapsed + delay > ctx.limits.max_elapsed_ms) {
                    outcome o =
                        failed(status::transient, c, r, progress,
                               op.name + ": the call's time budget (" + std::to_string(ctx.limits.max_elapsed_ms) +
                                   " ms) ends before the next "
                                   "retry (" +
                                   c.reason + ")");
                    o.retry_after_ms = delay;
                    return {{}, std::move(o)};
                }
                progress.decide_last("retry", delay);
                ++retries;
                progress.slept_ms += delay;
                ctx.host.sleep_ms(delay);
                continue;
            }
            case error_action::forbidden: {
                outcome o = failed(status::forbidden, c, r, progress, "");
                attach_resource(o, op, params);
                std::string message = op.name + ": the token is valid but not allowed";
                if (!o.resource_kind.empty()) message += " on " + o.resource_kind + " " + o.resource_id;
                if (!c.description.empty()) message += " — " + c.description;
                o.message = message + "; refreshing will not help";
                return {{}, std::move(o)};
            }
            default: {
                std::string message = op.name + " failed with HTTP " + std::to_string(r.status);
                if (!r.ok()) message = op.name + " failed: " + c.seen.transport_error;
                if (c.seen.provider_code != 0) message += ", error code " + std::to_string(c.seen.provider_code);
                if (!c.description.empty()) message += ": " + c.description;
                outcome o = failed(status_for(c.action, r.status), c, r, progress, message);
                if (o.code == status::transient) o.retry_after_ms = c.retry_after_ms.value_or(backoff.base_delay_ms);
                if (o.code == status::not_found) attach_resource(o, op, params);
                return {{}, std::move(o)};
            }
        }
    }
}

}  // namespace tether::call
