// The health document of a connection and its Prometheus exposition.
#include "plugin/health/health_document.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "plugin/core/redact.hpp"
#include "plugin/health/prometheus_labels.hpp"
#include "plugin/http/http_date.hpp"

namespace tether::health {

namespace {

std::string iso_time(std::int64_t ms) {
    return http::format_http_date(ms);
}

std::string record_state(const auth::keeper_snapshot& s) {
    if (!s.load_problem.empty()) return "authorized";
    return std::string(record::to_string(s.record.state));
}

}  // namespace

health_facts facts_of(const health_inputs& in) {
    const auto& r = in.snapshot.record;
    health_facts f;
    f.window_minutes = window_minutes;
    f.load_problem = in.snapshot.load_problem;
    f.storage_problem = in.snapshot.storage_problem;
    f.unsaved_tokens = in.snapshot.unsaved;
    f.reconnect_reason = r.reconnect_reason;
    f.reconnect_detail = r.reconnect_detail;
    if (r.declared_lifetime_s > 0) f.declared_lifetime_ms = r.declared_lifetime_s * 1000;
    f.learned_lifetime_ms = r.learned_lifetime_ms;
    f.early_death_age_ms = r.early_death_age_ms;
    if (in.snapshot.plan.refresh_at_ms) f.refresh_after_ms = *in.snapshot.plan.refresh_at_ms - r.issued_at_ms;

    const auto& e = in.evidence;
    const std::int64_t now = in.evidence_now_ms;
    for (const auto& op : in.manifest.operations) {
        const auto it = e.operations.find(op.name);
        if (it == e.operations.end()) continue;
        const std::int64_t calls = it->second.calls.in_window(now);
        const std::int64_t unauthorized = it->second.unauthorized.in_window(now);
        if (calls > 0 || unauthorized > 0) f.operations.push_back({op.name, calls, unauthorized});
    }
    for (const auto& [resource, c] : e.forbidden)
        if (const auto n = c.in_window(now); n > 0) f.forbidden.push_back({resource, n});
    f.refresh_attempts = e.refresh_attempts.in_window(now);
    f.refresh_successes = e.refresh_successes.in_window(now);
    f.retries = e.retries.in_window(now);
    f.budget_exhausted = e.budget_exhausted.in_window(now);
    f.rate_limited = e.rate_limited.in_window(now);
    f.server_errors = e.server_errors.in_window(now);
    f.circuit_open = in.circuit_open;
    f.state = "unknown";  // filled by state_of; diagnose reads it
    if (in.snapshot.loaded && in.snapshot.load_problem.empty()) {
        const auto s = record_state(in.snapshot);
        f.state = s == "authorized" ? "healthy" : s == "reconnect_required" ? "reconnect_required" : "unknown";
    } else if (!in.snapshot.load_problem.empty()) {
        f.state = "degraded";
    }
    return f;
}

std::string state_of(const health_inputs& in, const std::vector<finding>& findings) {
    if (!in.snapshot.load_problem.empty()) return "degraded";
    if (!in.snapshot.loaded) return "unknown";
    switch (in.snapshot.record.state) {
        case record::connection_state::unauthorized:
            return "unknown";
        case record::connection_state::reconnect_required:
            return "reconnect_required";
        case record::connection_state::authorized:
            break;
    }
    const bool troubled =
        std::any_of(findings.begin(), findings.end(), [](const finding& x) { return x.severity != "info"; });
    const bool expired = auth::believed_expired(in.snapshot.plan, in.now_ms);
    return troubled || expired || in.snapshot.record.refresh_blocked_until_ms > in.now_ms ? "degraded" : "healthy";
}

boost::json::object health_document(const health_inputs& in) {
    namespace json = boost::json;
    const auto& r = in.snapshot.record;
    auto findings = diagnose(facts_of(in));
    if (in.webhooks != nullptr)
        for (auto& x : webhook_findings(*in.webhooks)) findings.push_back(std::move(x));
    json::object doc;
    doc["connector"] = in.manifest.connector.name;
    doc["connection_id"] = in.connection_id;
    doc["generated_at"] = iso_time(in.now_ms);
    doc["state"] = state_of(in, findings);
    if (r.state == record::connection_state::reconnect_required) {
        json::object rc;
        rc["reason"] = r.reconnect_reason;
        rc["since"] = iso_time(r.reconnect_since_ms);
        if (!r.reconnect_detail.empty()) rc["detail"] = r.reconnect_detail;
        doc["reconnect"] = std::move(rc);
    }

    json::object token;
    if (r.has_tokens()) {
        token["access_token"] = redact(r.access_token);  // never more than the last 6 characters
        token["refresh_token_present"] = !r.refresh_token.empty();
        token["kind"] = r.api_token ? "api_token" : "oauth2";
        token["issued_at"] = iso_time(r.issued_at_ms);
        token["age_s"] = (in.now_ms - r.issued_at_ms) / 1000;
        if (r.declared_lifetime_s > 0) token["declared_lifetime_s"] = r.declared_lifetime_s;
        if (r.learned_lifetime_ms) token["learned_lifetime_s"] = *r.learned_lifetime_ms / 1000;
        if (const auto effective = auth::effective_lifetime_ms(r)) {
            token["effective_lifetime_s"] = *effective / 1000;
            token["remaining_s"] = (r.issued_at_ms + *effective - in.now_ms) / 1000;
        }
        if (in.snapshot.plan.refresh_at_ms) {
            token["next_refresh_at"] = iso_time(*in.snapshot.plan.refresh_at_ms);
            token["next_refresh_in_s"] = (*in.snapshot.plan.refresh_at_ms - in.now_ms) / 1000;
        }
    }
    json::array granted;
    for (const auto& s : r.scopes) granted.emplace_back(s);
    token["granted_scopes"] = std::move(granted);
    std::set<std::string> required;
    for (const auto& op : in.manifest.operations) required.insert(op.required_scopes.begin(), op.required_scopes.end());
    json::array required_json, missing;
    for (const auto& s : required) {
        required_json.emplace_back(s);
        if (!r.scopes.empty() && std::find(r.scopes.begin(), r.scopes.end(), s) == r.scopes.end())
            missing.emplace_back(s);
    }
    token["required_scopes"] = std::move(required_json);
    token["missing_scopes"] = std::move(missing);
    doc["token"] = std::move(token);

    const auto& e = in.evidence;
    const std::int64_t now = in.evidence_now_ms;
    auto counter = [&](const counter_evidence& c) {
        json::object o;
        o["window"] = c.in_window(now);
        o["total"] = c.total;
        return o;
    };
    json::object counters;
    counters["window_minutes"] = window_minutes;
    counters["shared"] = in.sharing_problem.empty();
    if (!in.sharing_problem.empty()) counters["sharing_problem"] = in.sharing_problem;
    json::object operations;
    for (const auto& op : in.manifest.operations) {
        const auto it = e.operations.find(op.name);
        if (it == e.operations.end() || (it->second.calls.total == 0 && it->second.unauthorized.total == 0)) continue;
        json::object o;
        o["calls"] = counter(it->second.calls);
        o["errors"] = counter(it->second.errors);
        o["unauthorized"] = counter(it->second.unauthorized);
        operations[op.name] = std::move(o);
    }
    counters["operations"] = std::move(operations);
    json::object forbidden;
    for (const auto& [resource, c] : e.forbidden) forbidden[resource] = counter(c);
    counters["forbidden_by_resource"] = std::move(forbidden);
    counters["rate_limited"] = counter(e.rate_limited);
    counters["server_errors"] = counter(e.server_errors);
    counters["retries"] = counter(e.retries);
    counters["retry_budget_exhausted"] = counter(e.budget_exhausted);
    json::object refresh;
    refresh["attempts"] = counter(e.refresh_attempts);
    refresh["successes"] = counter(e.refresh_successes);
    const auto attempts = e.refresh_attempts.in_window(now);
    if (attempts > 0)
        refresh["success_ratio"] =
            static_cast<double>(e.refresh_successes.in_window(now)) / static_cast<double>(attempts);
    counters["refresh"] = std::move(refresh);
    doc["counters"] = std::move(counters);
    doc["circuit"] = in.circuit_open ? "open" : "closed";

    if (const auto& last = e.last_failure) {
        json::object lf;
        lf["operation"] = last->operation;
        lf["status"] = last->status;
        lf["at"] = iso_time(last->at_ms);
        lf["http_status"] = last->http_status;
        if (last->provider_code != 0) lf["error_code"] = last->provider_code;
        if (!last->ref_id.empty()) lf["ref_id"] = last->ref_id;
        if (!last->transport_error.empty()) lf["transport_error"] = last->transport_error;
        doc["last_failure"] = std::move(lf);
    }
    if (in.probe) doc["probe"] = *in.probe;
    if (in.webhooks != nullptr) doc["webhooks"] = webhook_section(*in.webhooks);

    json::array diagnosis;
    for (const auto& x : findings) {
        json::object o;
        o["signal"] = x.signal;
        o["severity"] = x.severity;
        o["evidence"] = x.evidence;
        o["first_action"] = x.first_action;
        diagnosis.emplace_back(std::move(o));
    }
    doc["diagnosis"] = std::move(diagnosis);
    return doc;
}

std::string prometheus_text(const health_inputs& in) {
    const auto& e = in.evidence;
    const std::string base =
        fmt::format("connector=\"{}\",connection=\"{}\"", escape_label_value(in.manifest.connector.name),
                    escape_label_value(in.connection_id));
    std::string out;
    auto family = [&](const char* name, const char* type, const char* help) {
        out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
    };
    family("tether_calls_total", "counter", "Calls by operation and final tether status.");
    for (const auto& [name, op] : e.operations)
        for (const auto& [status, n] : op.by_status)
            if (n > 0)
                out += fmt::format("tether_calls_total{{{},operation=\"{}\",status=\"{}\"}} {}\n", base,
                                   escape_label_value(name), escape_label_value(status), n);
    family("tether_unauthorized_responses_total", "counter", "HTTP 401 responses by operation.");
    for (const auto& [name, op] : e.operations)
        if (op.unauthorized.total > 0)
            out += fmt::format("tether_unauthorized_responses_total{{{},operation=\"{}\"}} {}\n", base,
                               escape_label_value(name), op.unauthorized.total);
    family("tether_forbidden_responses_total", "counter",
           "HTTP 403 responses by resource (the 20 with the most; the rest as \"(other)\").");
    std::vector<resource_count> resources;
    for (const auto& [resource, c] : e.forbidden) resources.push_back({resource, c.in_window(in.evidence_now_ms), c.total});
    for (const auto& res : bounded_forbidden_resources(std::move(resources)))
        out += fmt::format("tether_forbidden_responses_total{{{},resource=\"{}\"}} {}\n", base,
                           escape_label_value(res.resource), res.total);
    // A family with one sample, labelled with the connector and connection only.
    auto single = [&](const char* name, const char* type, const char* help, std::int64_t value) {
        family(name, type, help);
        out += fmt::format("{}{{{}}} {}\n", name, base, value);
    };
    single("tether_rate_limited_responses_total", "counter", "HTTP 429 responses.", e.rate_limited.total);
    single("tether_server_error_responses_total", "counter", "HTTP 5xx responses.", e.server_errors.total);
    single("tether_retries_total", "counter", "Retries performed.", e.retries.total);
    single("tether_retry_budget_exhausted_total", "counter", "Calls that ran out of retry budget.",
           e.budget_exhausted.total);
    single("tether_refresh_attempts_total", "counter", "Token refresh attempts.", e.refresh_attempts.total);
    single("tether_refresh_successes_total", "counter", "Successful token refreshes.", e.refresh_successes.total);
    const auto& r = in.snapshot.record;
    if (const auto effective = auth::effective_lifetime_ms(r); effective && r.has_tokens())
        single("tether_token_remaining_seconds", "gauge", "Seconds until the access token is believed expired.",
               (r.issued_at_ms + *effective - in.now_ms) / 1000);
    single("tether_reconnect_required", "gauge", "1 when a human must re-authorize the connection.",
           r.state == record::connection_state::reconnect_required ? 1 : 0);
    single("tether_circuit_open", "gauge", "1 while calls to the provider fail fast.", in.circuit_open ? 1 : 0);
    if (in.webhooks != nullptr) out += webhook_prometheus(*in.webhooks, base);
    return out;
}

std::string merge_prometheus(const std::vector<std::string>& expositions) {
    std::vector<std::string> order;
    std::map<std::string, std::pair<std::string, std::string>> families;  // name → (HELP+TYPE, samples)
    for (const auto& text : expositions) {
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = std::min(text.find('\n', start), text.size());
            const std::string line = text.substr(start, end - start);
            start = end + 1;
            if (line.empty()) continue;
            const bool meta = line.rfind("# ", 0) == 0;
            std::string name = meta ? line.substr(7) : line;  // "# HELP " and "# TYPE " are both 7 long
            name = name.substr(0, name.find_first_of(" {"));
            if (!families.count(name)) order.push_back(name);
            auto& [header, samples] = families[name];
            if (meta) {
                if (header.find(line) == std::string::npos) header += line + "\n";
            } else {
                samples += line + "\n";
            }
        }
    }
    std::string out;
    for (const auto& name : order) out += families[name].first + families[name].second;
    return out;
}

}  // namespace tether::health
