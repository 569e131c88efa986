// The findings of a failed request that are the same whichever check sent it.
#include "plugin/doctor/request_findings.hpp"

#include "plugin/core/outcome_json.hpp"

namespace tether::doctor {

boost::json::object exchange_evidence(const exchange_facts& sent) {
    boost::json::object e = attempt_to_json(sent.seen);
    e.erase("action");  // doctor never retries: the chain's decision fields say nothing here
    e.erase("delay_ms");
    e["request"] = sent.label;
    if (!sent.reason.empty()) e["reason"] = sent.reason;
    if (!sent.description.empty()) e["description"] = sent.description;
    return e;
}

std::optional<check_result> outage_or_config(check_result r, const exchange_facts& sent, const outage_facts& outage) {
    const int s = sent.seen.http_status;
    const std::string& transport = sent.seen.transport_error;
    const bool refused = transport.find("refused") != std::string::npos || transport.find("tls") != std::string::npos;
    if (s >= 300 && s < 400)
        return not_ok(std::move(r), verdict::config,
                      "the provider answered a redirect: a URL setting (base_url, region) is probably wrong");
    if (s == 0 && refused)
        return not_ok(std::move(r), verdict::config,
                      sent.label + " was not sent (" + transport + "): check the URL settings and the TLS set-up");
    if (s == 0 || s == 408 || s == 429 || s >= 500) {
        const std::string what = s == 0 ? transport : "HTTP " + std::to_string(s);
        r.evidence["circuit"] = outage.circuit_state;
        r.evidence["recent_server_errors"] = outage.recent_server_errors;
        r.evidence["recent_rate_limited"] = outage.recent_rate_limited;
        return not_ok(std::move(r), verdict::provider_outage,
                      "the provider is struggling (" + what + " on " + sent.label +
                          "): wait and try again later; check the provider's status page. Refreshing or "
                          "re-authorizing will not help");
    }
    return std::nullopt;
}

}  // namespace tether::doctor
