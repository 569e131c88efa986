// Renders the webhooks' health: the document section, the mismatch finding and the Prometheus series. The
// secret shows as its last 6 characters only, so that an operator can tell which secret tether holds.
#include "plugin/health/webhook_health.hpp"

#include <fmt/format.h>

#include <set>

#include "plugin/core/redact.hpp"
#include "plugin/http/http_date.hpp"

namespace tether::health {

namespace json = boost::json;

namespace {

std::set<std::int64_t> known_ids(const webhook_health_inputs& in) {
    std::set<std::int64_t> ids;
    for (const auto& [id, _] : in.captured) ids.insert(id);
    for (const auto& a : in.activity) ids.insert(a.webhook_id);
    return ids;
}

const webhook_activity* activity_of(const webhook_health_inputs& in, std::int64_t id) {
    for (const auto& a : in.activity)
        if (a.webhook_id == id) return &a;
    return nullptr;
}

std::string when(std::int64_t ms) {
    return http::format_http_date(ms);
}

}  // namespace

json::array webhook_section(const webhook_health_inputs& in) {
    json::array out;
    for (const std::int64_t id : known_ids(in)) {
        json::object o;
        o["webhook_id"] = id;
        if (const auto it = in.captured.find(id); it != in.captured.end()) {
            o["secret"] = redact(it->second.secret);
            if (it->second.captured_at_ms != 0) o["secret_captured_at"] = when(it->second.captured_at_ms);
        } else {
            o["secret"] = nullptr;
        }
        const webhook_activity none{};
        const webhook_activity& a = activity_of(in, id) != nullptr ? *activity_of(in, id) : none;
        o["last_challenge_answered_at"] = a.last_challenge_ms ? json::value(when(*a.last_challenge_ms)) : nullptr;
        o["last_accepted_at"] = a.last_accepted_ms ? json::value(when(*a.last_accepted_ms)) : nullptr;
        o["accepted"] = json::object{{"window", a.accepted_window}, {"total", a.accepted_total}};
        json::object by_reason;
        for (const auto& [reason, n] : a.refused_by_reason) by_reason[reason] = n;
        o["refused"] = json::object{{"window", a.refused_window}, {"total", a.refused_total}, {"by_reason", by_reason}};
        if (a.last_refusal_ms)
            o["last_refusal"] = json::object{{"reason", a.last_refusal_reason}, {"at", when(*a.last_refusal_ms)}};
        if (a.mismatch_run > 0) o["signature_mismatches_in_a_row"] = a.mismatch_run;
        out.emplace_back(std::move(o));
    }
    return out;
}

std::vector<finding> webhook_findings(const webhook_health_inputs& in) {
    std::vector<finding> out;
    for (const auto& a : in.activity) {
        if (a.mismatch_run < webhook_mismatch_threshold || !a.mismatch_since_ms) continue;
        const std::string which = a.webhook_id == 0 ? "an unnamed webhook" : "webhook " + std::to_string(a.webhook_id);
        out.push_back(finding{"webhook_signature_mismatch", "warning",
                              fmt::format("signature mismatch for {} since {}: {} callbacks in a row refused", which,
                                          when(*a.mismatch_since_ms), a.mismatch_run),
                              "the shared secret was probably reset elsewhere: reset it through this connection "
                              "(webhooks.reset_shared_secret) so that tether captures the new one"});
    }
    return out;
}

std::string webhook_prometheus(const webhook_health_inputs& in, const std::string& base) {
    const auto ids = known_ids(in);
    if (ids.empty()) return {};
    std::string out;
    auto family = [&](const char* name, const char* help, auto value_of) {
        out += fmt::format("# HELP {} {}\n# TYPE {} counter\n", name, help, name);
        for (const std::int64_t id : ids) {
            const webhook_activity* a = activity_of(in, id);
            out += fmt::format("{}{{{},webhook=\"{}\"}} {}\n", name, base, id, a == nullptr ? 0 : value_of(*a));
        }
    };
    family("tether_webhook_callbacks_accepted_total", "Webhook callbacks accepted, by webhook.",
           [](const webhook_activity& a) { return a.accepted_total; });
    family("tether_webhook_callbacks_refused_total", "Webhook requests refused, by webhook.",
           [](const webhook_activity& a) { return a.refused_total; });
    return out;
}

}  // namespace tether::health
