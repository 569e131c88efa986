// The verbs of a connection: authorization, refresh and revoke go to their auth units, calls through the
// call pipeline (and into the health counters), health builds the document from both, diagnose runs doctor.
#include "plugin/connector/connection.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "plugin/auth/api_token.hpp"
#include "plugin/auth/client_credentials.hpp"
#include "plugin/auth/reconnect_verdict.hpp"
#include "plugin/auth/revocation.hpp"
#include "plugin/auth/user_probe.hpp"
#include "plugin/call/call_pipeline.hpp"
#include "plugin/health/health_document.hpp"
#include "plugin/manifest/json_pointer.hpp"
#include "plugin/webhook/secret_capture.hpp"

namespace tether {

namespace {

// An email shown in health documents: the domain and the first character only.
std::string masked_email(const std::string& email) {
    const auto at = email.find('@');
    if (at == std::string::npos || at == 0) return "…";
    return email.substr(0, 1) + "…" + email.substr(at);
}

}  // namespace

connection::connection(const connector& owner, std::string id, manifest::resolved_settings settings)
    : connector_(owner),
      id_(std::move(id)),
      settings_(std::move(settings)),
      metrics_(owner.operation_names()),
      shared_health_(id_, owner.host(), metrics_),
      store_(id_, owner.host(), owner.skew(), owner.record_keys()),
      auth_{id_,          owner.manifest(), settings_, owner.host(), owner.http(), owner.skew(), store_,
            auth::connection_jitter_unit(id_), auth::origins_of(settings_)},
      refresher_(auth_,
                 [this](bool success) {
                     const std::int64_t now = connector_.host().now_ms();
                     metrics_.record_refresh(success, now);
                     if (!success) shared_health_.share_if_due(now, true);
                 }),
      keeper_(auth_, refresher_),
      breaker_(owner.circuits().for_api_base(settings_.api_base)) {
    connector_.attach(this);
}

connection::~connection() {
    connector_.detach(this);
    share_health();
}

void connection::share_health() noexcept {
    try {
        if (metrics_.has_unshared()) shared_health_.share_now(connector_.host().now_ms());
    } catch (...) {  // closing never fails: the evidence is lost, the connection is not
    }
}

outcome connection::authorize_begin() {
    return auth::begin_authorization(auth_);
}

outcome connection::authorize_complete(const authorize_params& params) {
    return auth::complete_authorization(auth_, params);
}

outcome connection::authorize_with_token(const std::string& access_token) {
    return auth::store_api_token(auth_, access_token);
}

outcome connection::connect_client() {
    return auth::connect_with_client_credentials(auth_);
}

outcome connection::refresh(bool force) {
    if (auto failure = auth::read_record(auth_, true)) return *failure;
    const record::token_record current = store_.view().record;
    if (current.state != record::connection_state::authorized) return auth::not_usable(auth_, current);
    return refresher_.run({force ? auth::refresh_trigger::forced : auth::refresh_trigger::verb, current.access_token});
}

outcome connection::call(const call_request& request) {
    outcome result = run_call(call::call_context{id_, connector_.manifest(), settings_, connector_.host(),
                                                 connector_.http(), connector_.skew(), keeper_, breaker_, {},
                                                 connector_.extensions()},
                              request);
    // The counters come from the attempt chain, after the fact: the call path itself stays untouched. Counted
    // by our wall clock, as every process of a fleet counts, so that their minutes agree.
    const std::int64_t now = connector_.host().now_ms();
    const std::size_t op = metrics_.index_of(request.operation);
    int retries = 0;
    for (const auto& a : result.attempts) {
        metrics_.record_response(op, a.http_status, now);
        if (a.action == "retry") ++retries;
    }
    bool first_refusal = false;
    if (result.code == status::forbidden)
        first_refusal = metrics_.record_forbidden(
            result.resource_kind.empty() ? request.operation : result.resource_kind + " " + result.resource_id, now);
    const bool exhausted = result.code == status::transient && retries > 0;
    metrics_.record_call(op, result, retries, exhausted, now);
    // Only a failed call writes health evidence to storage, never a successful one.
    if (result.code != status::ok)
        shared_health_.share_if_due(now, first_refusal || result.code == status::reconnect_required);
    if (result.code == status::ok)
        if (const auto* declared = connector_.manifest().find_operation(request.operation);
            declared != nullptr && declared->webhook_secret)
            capture_webhook_secret(*declared, result);
    return result;
}

void connection::capture_webhook_secret(const manifest::operation& op, outcome& result) {
    const auto now = connector_.host().now_ms();
    for (auto& captured : webhook::take_webhook_secrets(*op.webhook_secret, result.body)) {
        // The secret may exist nowhere else once this answer is gone: kept in memory until storage takes it.
        const auto stored =
            store_.update(webhook::webhook_secret_captured(captured.webhook_id, std::move(captured.secret), now),
                          {record::durability::must_keep, false, "the webhook's shared secret"});
        if (stored.failure)
            result.message = "the shared secret of webhook " + std::to_string(captured.webhook_id) +
                             " is kept in memory until storage accepts it: " + stored.failure->message;
    }
}

outcome connection::receive_webhook(const webhook::inbound_request& request) {
    const std::int64_t now = connector_.host().now_ms();
    std::optional<outcome> storage_failure;
    const webhook::secret_lookup lookup = [&](std::int64_t id, bool reread) -> std::optional<wiped_string> {
        storage_failure = reread ? store_.load() : store_.ensure_loaded();
        return store_.with_view([&](const record::record_view& v) -> std::optional<wiped_string> {
            const auto it = v.record.webhooks.find(id);
            if (it == v.record.webhooks.end()) return std::nullopt;
            return it->second.secret;
        });
    };
    webhook::receipt r = webhook::receive_webhook(request, lookup, webhook_replays_, now);
    // A secret tether could not read is a storage failure, not an unknown webhook.
    if (r.result.reason == "webhook_secret_unknown" && storage_failure) return *storage_failure;
    if (r.result.code == status::ok && r.challenge)
        webhook_counters_.record_challenge(r.webhook_id, now);
    else if (r.result.code == status::ok)
        webhook_counters_.record_accepted(r.webhook_id, now);
    else
        webhook_counters_.record_refused(r.webhook_id, r.result.reason, now);
    return std::move(r.result);
}

outcome connection::health(bool probe, bool prometheus) {
    std::optional<boost::json::object> probe_report;
    const auto& probe_op = connector_.manifest().auth.probe.operation;
    if (probe && !probe_op.empty()) {
        call_request req;
        req.operation = probe_op;
        const outcome live = call(req);
        boost::json::object report;
        report["operation"] = probe_op;
        report["status"] = std::string(status_name(live.code));
        if (live.http_status != 0) report["http_status"] = live.http_status;
        if (live.code != status::ok && !live.reason.empty()) report["reason"] = live.reason;
        if (live.code == status::ok) {
            boost::json::error_code ec;
            const auto body = boost::json::parse(live.body, ec);
            const auto& pointer = connector_.manifest().auth.probe.user_id_pointer;
            if (!ec && body.is_object()) {
                if (const auto* id = pointer.empty() ? nullptr : manifest::find_at(body, pointer)) {
                    const std::string user =
                        id->is_string() ? std::string(id->get_string()) : boost::json::serialize(*id);
                    report["user_id"] = user;
                    const outcome changed = auth::check_probed_user(auth_, user);
                    if (changed.code == status::reconnect_required) report["user_changed"] = true;
                }
                if (const auto* email = body.as_object().if_contains("email"); email && email->is_string())
                    report["email"] = masked_email(std::string(email->get_string()));
            }
        }
        probe_report = std::move(report);
    }

    const auth::keeper_snapshot snapshot = keeper_.inspect();
    const auto circuit = breaker_.snapshot();
    const std::int64_t wall_now = connector_.host().now_ms();
    auto shared = shared_health_.merged(wall_now);
    health::health_inputs in{connector_.manifest(),
                             id_,
                             snapshot,
                             shared.evidence,
                             wall_now,
                             snapshot.provider_now_ms,
                             circuit.state != call::circuit_state::closed,
                             probe_report,
                             std::move(shared.problem)};
    // Webhook traffic is timed by the host's clock (the replay window's), not the provider's.
    const health::webhook_health_inputs webhooks{snapshot.record.webhooks,
                                                 webhook_counters_.snapshot(connector_.host().now_ms())};
    in.webhooks = &webhooks;
    outcome o;
    o.reason = "health";
    o.body = prometheus ? health::prometheus_text(in) : boost::json::serialize(health::health_document(in));
    return o;
}

outcome connection::revoke(bool all_for_client) {
    auth::revoke_options options;
    options.all_for_client = all_for_client;
    options.refresh = [this](const std::string& rejected) {
        return refresher_.run({auth::refresh_trigger::rejected, rejected});
    };
    return auth::revoke_grant(auth_, options);
}

outcome connection::diagnose(const doctor::doctor_request& request) {
    return doctor::run_doctor(doctor::doctor_context{id_, connector_.manifest(), settings_, connector_.host(),
                                                     connector_.http(), connector_.skew(), keeper_, breaker_,
                                                     shared_health_},
                              request);
}

}  // namespace tether
