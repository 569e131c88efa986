// One request's attempts: a short loop that asks the circuit whether to send, sends with the current bearer,
// and after a failure asks decide_retry (retry_decision.cpp) what to do, then does it — wait, refresh once,
// or stop with the outcome call_outcomes.cpp builds.
#include "plugin/call/attempt_sequence.hpp"

#include <algorithm>

#include "plugin/call/attempt_record.hpp"
#include "plugin/call/call_outcomes.hpp"
#include "plugin/call/reproduction.hpp"
#include "plugin/call/retry_decision.hpp"
#include "plugin/classify/content_type.hpp"
#include "plugin/classify/response_classifier.hpp"
#include "plugin/host/log.hpp"

namespace tether::call {

namespace {

// A transport error that proves nothing about the host's health: our own refusal or a TLS/config problem.
bool refused_before_sending(http::transport_error e) {
    return e == http::transport_error::refused_url || e == http::transport_error::refused_header ||
           e == http::transport_error::tls;
}

// The attempt's own timeouts: the defaults, cut to what is left of the call's budget (at least a second, so
// that a nearly spent budget still gets a real attempt rather than an instant timeout).
void bound_timeouts(http::request& req, const call_limits& limits, std::int64_t elapsed_ms) {
    const std::int64_t left = std::max<std::int64_t>(limits.max_elapsed_ms - elapsed_ms, 1'000);
    req.total_timeout_ms = std::min(limits.attempt_timeout_ms, left);
    req.connect_timeout_ms = std::min(limits.connect_timeout_ms, req.total_timeout_ms);
}

// The breaker learns from every answer: an availability failure counts, any other answer shows the host up.
void tell_breaker(circuit_breaker& breaker, const http::response& r, std::int64_t now_ms) {
    if (availability_failure(r))
        breaker.record_failure(now_ms);
    else if (r.answered())
        breaker.record_success(now_ms);
}

// An outcome decided outside the attempts (a hook's) ends the request with the call's chain so far.
outcome with_chain(outcome o, call_progress& progress) {
    o.attempts = std::move(progress.attempts);
    o.first_failure = progress.first_failure;
    if (o.code != status::ok && o.reproduce.empty()) o.reproduce = progress.reproduce;
    return o;
}

// The request hooks see the request before any bearer is on it.
std::optional<outcome> run_request_hooks(const call_context& ctx, const manifest::operation& op,
                                         const boost::json::object& params, http::request& req) {
    if (ctx.extensions == nullptr || op.request_hooks.empty()) return std::nullopt;
    std::erase_if(req.headers, [](const http::header& h) { return h.name == "Authorization"; });
    return ctx.extensions->before_attempts(ctx, op, params, req);
}

}  // namespace

std::int64_t call_progress::elapsed_ms(std::int64_t now_ms) const { return std::max(now_ms - started_ms, slept_ms); }

bool availability_failure(const http::response& r) {
    if (!r.answered()) return !refused_before_sending(r.error);
    return r.status >= 500 || r.status == 408;
}

sequence_result send_with_retries(const call_context& ctx, const manifest::operation& op,
                                  const boost::json::object& params, http::request req, call_progress& progress) {
    if (auto refused = run_request_hooks(ctx, op, params, req)) return {{}, with_chain(std::move(*refused), progress)};
    auto bearer = std::find_if(req.headers.begin(), req.headers.end(),
                               [](const http::header& h) { return h.name == "Authorization"; });
    if (bearer == req.headers.end()) bearer = req.headers.insert(req.headers.end(), {"Authorization", ""});
    const std::size_t first_of_request = progress.attempts.size();
    const auto& backoff = ctx.manifest.errors.backoff;

    while (true) {
        const circuit_admission admission = ctx.breaker.admit(ctx.host.now_ms());
        if (!admission.allowed) return {{}, circuit_refused(ctx, op, admission.retry_after_ms, progress)};

        // The bearer goes on every attempt, from the token current now (a refresh changes it).
        bearer->value = "Bearer " + progress.access_token;
        const std::int64_t sent_ms = ctx.host.now_ms();
        bound_timeouts(req, ctx.limits, progress.elapsed_ms(sent_ms));
        http::response r = ctx.http.send(req);
        const std::int64_t received_ms = ctx.host.now_ms();
        if (const auto* date = r.find_header("Date")) ctx.skew.observe(received_ms, *date);
        tell_breaker(ctx.breaker, r, received_ms);

        if (ctx.extensions != nullptr && !op.response_hooks.empty() && r.ok())
            if (auto verdict = ctx.extensions->after_response(ctx, op, params, req, r)) {
                attempt& judged = progress.attempts.emplace_back();
                judged.http_status = r.status;
                judged.action = verdict->code == status::ok ? "ok" : "hook_verdict";
                record_exchange(judged, req, req.url, progress.access_token, progress.record_version, r,
                                received_ms - sent_ms);
                if (verdict->code == status::ok) return {std::move(r), std::nullopt};
                if (!progress.first_failure) {
                    progress.first_failure = judged;
                    progress.first_failure_index = progress.attempts.size() - 1;
                    progress.reproduce = reproduce_line(req);
                }
                verdict->http_status = r.status;
                return {{}, with_chain(std::move(*verdict), progress)};
            }

        if (r.ok() && r.status >= 200 && r.status < 300 && classify::acceptable_success(r)) {
            ctx.keeper.note_accepted(progress.access_token);
            attempt& seen = progress.attempts.emplace_back();
            seen.http_status = r.status;
            seen.action = "ok";
            // The request is not needed any more: its URL moves into the record instead of being copied.
            record_exchange(seen, req, std::move(req.url), progress.access_token, progress.record_version, r,
                            received_ms - sent_ms);
            return {std::move(r), std::nullopt};
        }

        const auto c = classify::classify_response(ctx.manifest.errors, manifest::endpoint_kind::api, r,
                                                   ctx.skew.provider_now(received_ms));
        const std::span<const attempt> earlier(progress.attempts.data() + first_of_request,
                                               progress.attempts.size() - first_of_request);
        const retry_budget budget{backoff.max_retries,
                                  {backoff.base_delay_ms, backoff.max_delay_ms},
                                  progress.elapsed_ms(received_ms),
                                  ctx.limits.max_elapsed_ms,
                                  ctx.breaker.refuses_for_ms(received_ms)};
        const retry_decision d = decide_retry(earlier, c, r.status, op.idempotent, budget, random_unit(ctx.host));

        attempt& seen = progress.attempts.emplace_back(c.seen);
        record_exchange(seen, req, req.url, progress.access_token, progress.record_version, r, received_ms - sent_ms);
        if (!progress.first_failure) {
            progress.first_failure = seen;
            progress.first_failure_index = progress.attempts.size() - 1;
            progress.reproduce = reproduce_line(req);
        }
        log_event(ctx.host, log_level::debug, ctx.connection_id, op.name, "attempt {}: HTTP {} code {} → {} ({})",
                  progress.attempts.size(), r.status, c.seen.provider_code, c.seen.action,
                  d.action == retry_action::stop ? to_string(d.cause) : "retried");

        switch (d.action) {
            case retry_action::retry:
                progress.decide_last("retry", d.delay_ms);
                progress.slept_ms += d.delay_ms;
                ctx.host.sleep_ms(d.delay_ms);
                continue;
            case retry_action::refresh_then_retry: {
                auth::token_access access =
                    ctx.keeper.after_unauthorized(progress.access_token,
                                                  progress.deadline_ms(ctx.limits, ctx.host.now_ms()));
                if (access.failure) return {{}, refresh_did_not_help(std::move(*access.failure), r, progress)};
                progress.access_token = std::move(access.access_token);
                progress.record_version = access.record_version;
                progress.decide_last("refresh_then_retry");
                continue;
            }
            case retry_action::stop: {
                if (d.cause == stop_cause::budget_exhausted) progress.budget_spent = true;
                const std::string judged_token = progress.access_token;
                outcome stopped = stopped_call(ctx, op, params, d, c, r, progress);
                if (stopped.code == status::reconnect_required)  // the verdict sticks beyond this call
                    ctx.keeper.record_verdict(judged_token, stopped.reason, stopped.message);
                return {{}, std::move(stopped)};
            }
        }
    }
}

}  // namespace tether::call
