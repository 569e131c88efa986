// The doctor's run: read the stored state, probe the token (refresh once after a 401), send the named
// operation, compare a recorded result — deciding after each step, so that the first finding ends the run.
#include "plugin/doctor/doctor.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>

#include "plugin/auth/origin_binding.hpp"
#include "plugin/call/request_builder.hpp"
#include "plugin/core/redact.hpp"
#include "plugin/doctor/recorded_result.hpp"
#include "plugin/doctor/single_request.hpp"
#include "plugin/doctor/verdict.hpp"
#include "plugin/host/log.hpp"
#include "plugin/http/http_date.hpp"

namespace tether::doctor {

namespace {

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : std::string(separator)) + item;
    return out;
}

stored_state_facts stored_state_of(const doctor_context& ctx, const auth::keeper_snapshot& s) {
    const auto& r = s.record;
    stored_state_facts f;
    f.state = std::string(record::to_string(r.state));
    f.problem = !s.load_problem.empty() ? s.load_problem : s.storage_problem;
    f.api_token = r.api_token;
    f.access_token = redact(r.access_token);
    f.record_version = s.version;
    f.age_ms = std::max<std::int64_t>(s.provider_now_ms - r.issued_at_ms, 0);
    f.declared_lifetime_ms = r.declared_lifetime_s * 1000;
    f.learned_lifetime_ms = r.learned_lifetime_ms;
    f.early_death_age_ms = r.early_death_age_ms;
    f.reconnect_reason = r.reconnect_reason;
    f.reconnect_detail = r.reconnect_detail;
    f.origin_changed = !r.api_origin.empty() && r.api_origin != auth::origins_of(ctx.settings).api;
    f.granted_scopes = joined(r.scopes, " ");
    return f;
}

outage_facts outage_of(const doctor_context& ctx) {
    outage_facts f;
    switch (ctx.breaker.snapshot().state) {
        case call::circuit_state::closed:
            f.circuit_state = "closed";
            break;
        case call::circuit_state::open:
            f.circuit_state = "open";
            break;
        case call::circuit_state::half_open:
            f.circuit_state = "half_open";
            break;
    }
    // What every worker saw, not only this process (a doctor run from a shell has seen nothing yet).
    const std::int64_t now = ctx.host.now_ms();
    const auto fleet = ctx.fleet_health.merged(now);
    f.recent_server_errors = fleet.evidence.server_errors.in_window(now);
    f.recent_rate_limited = fleet.evidence.rate_limited.in_window(now);
    return f;
}

// The call as a call would bind it; an outcome (bad_request) when it cannot be bound.
std::variant<call::prepared_call, outcome> bound(const doctor_context& ctx, const std::string& operation,
                                                 const std::string& params_json) {
    call_request request;
    request.operation = operation;
    request.params_json = params_json;
    auto prepared = call::prepare_call(ctx.manifest, request);
    if (const auto* call = std::get_if<call::prepared_call>(&prepared); call && call->op->is_code_operation())
        return outcome::failure(status::bad_request, "code_operation",
                                operation + " is implemented by an extension: doctor sends manifest operations only");
    return prepared;
}

// The evidence so far, decided; `done` when it found something.
struct run_state {
    evidence e;
    std::string reproduce;
    diagnosis d;
    bool done() {
        d = decide(e);
        return d.found != verdict::healthy;
    }
};

// The probe with the current token, no refresh; its Date is the clocks check's evidence, set at once so that
// a skewed clock is found before any refresh.
token_facts probe_token(const doctor_context& ctx, run_state& run, const call::prepared_call& probe,
                        const auth::keeper_snapshot& snapshot) {
    token_facts token;
    token.outage = outage_of(ctx);
    single_result first =
        send_once(ctx, probe, snapshot.record.access_token, snapshot.version, "probe " + probe.op->name);
    run.reproduce = first.reproduce;

    clock_facts clocks;
    clocks.local_ms = ctx.host.now_ms();
    if (first.facts.seen.provider_date[0] != '\0')
        clocks.provider_date_ms = http::parse_http_date(first.facts.seen.provider_date.data());
    clocks.expires_at_ms = snapshot.plan.expires_at_ms;
    run.e.clocks = clocks;
    token.probe = std::move(first.facts);
    return token;
}

// After the probe's 401: one normal refresh (single-flight, as for any call) and the probe again.
void refresh_and_probe_again(const doctor_context& ctx, run_state& run, const call::prepared_call& probe,
                             const auth::keeper_snapshot& snapshot, token_facts& token) {
    token.refreshed = true;
    const auth::token_access access = ctx.keeper.after_unauthorized(snapshot.record.access_token);
    if (access.failure) {
        token.refresh_code = access.failure->code;
        token.refresh_reason = access.failure->reason;
        token.refresh_message = access.failure->message;
        return;
    }
    single_result again = send_once(ctx, probe, access.access_token, access.record_version,
                                    "probe " + probe.op->name + " after the refresh");
    run.reproduce = again.reproduce;  // "" when the refreshed token works: nothing left to reproduce
    token.probe_again = std::move(again.facts);
}

void send_operation(const doctor_context& ctx, run_state& run, const doctor_request& request) {
    operation_facts op;
    op.name = request.operation;
    op.outage = outage_of(ctx);
    auto prepared = bound(ctx, request.operation, request.params_json);
    if (auto* refused = std::get_if<outcome>(&prepared)) {
        op.refused = refused->reason + ": " + refused->message;
        run.e.operation = std::move(op);
        return;
    }
    const auto& call = std::get<call::prepared_call>(prepared);
    op.required_scopes = joined(call.op->required_scopes, ", ");
    op.missing_scopes = ctx.keeper.missing_scopes(call.op->required_scopes);
    if (call.op->resource) {
        op.resource_kind = call.op->resource->kind;
        if (const auto* id = call.params.if_contains(call.op->resource->param))
            op.resource_id = id->is_string() ? std::string(id->get_string()) : boost::json::serialize(*id);
    }
    const auth::keeper_snapshot now = ctx.keeper.snapshot();
    single_result sent = send_once(ctx, call, now.record.access_token, now.version, "operation " + request.operation);
    if (!sent.reproduce.empty() && run.reproduce.empty()) run.reproduce = sent.reproduce;
    op.sent = std::move(sent.facts);
    run.e.operation = std::move(op);
}

outcome finished(const doctor_context& ctx, run_state& run) {
    run.d.reproduce = run.reproduce;
    log_event(ctx.host, log_level::info, ctx.connection_id, "doctor", "verdict {}: {}", to_string(run.d.found),
              run.d.first_action);
    outcome o;
    o.reason = std::string(to_string(run.d.found));
    o.message = run.d.first_action;
    o.body = diagnosis_json(run.d);
    return o;
}

}  // namespace

outcome run_doctor(const doctor_context& ctx, const doctor_request& request) {
    run_state run;
    const auth::keeper_snapshot snapshot = ctx.keeper.inspect();
    run.e.state = stored_state_of(ctx, snapshot);
    if (run.done()) return finished(ctx, run);

    // A manifest without a usable probe operation has no token check: the operation (if any) tests the token.
    auto probe = bound(ctx, ctx.manifest.auth.probe.operation, "");
    if (const auto* call = std::get_if<call::prepared_call>(&probe)) {
        token_facts token = probe_token(ctx, run, *call, snapshot);
        if (run.done()) return finished(ctx, run);
        if (token.probe.seen.http_status == 401) refresh_and_probe_again(ctx, run, *call, snapshot, token);
        run.e.token = std::move(token);
        if (run.done()) return finished(ctx, run);
    }

    if (!request.operation.empty()) {
        send_operation(ctx, run, request);
        if (run.done()) return finished(ctx, run);
    }
    if (request.recorded_json) {
        recorded_facts recorded = read_recorded_result(*request.recorded_json);
        recorded.current_version = ctx.keeper.snapshot().version;
        if (run.e.operation && run.e.operation->sent) recorded.same_request_ok_now = run.e.operation->sent->succeeded();
        run.e.recorded = std::move(recorded);
        (void)run.done();
    }
    return finished(ctx, run);
}

}  // namespace tether::doctor
