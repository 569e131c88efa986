// The checks in the guide's order, stopping at the first finding.
#include "plugin/doctor/verdict.hpp"

#include <boost/json.hpp>

namespace tether::doctor {

std::string_view to_string(verdict v) noexcept {
    switch (v) {
        case verdict::healthy:
            return "healthy";
        case verdict::admin_lifetime:
            return "admin_lifetime";
        case verdict::revoked:
            return "revoked";
        case verdict::reauthorize_scopes:
            return "reauthorize_scopes";
        case verdict::permission:
            return "permission";
        case verdict::not_found:
            return "not_found";
        case verdict::clock_skew:
            return "clock_skew";
        case verdict::provider_outage:
            return "provider_outage";
        case verdict::platform:
            return "platform";
        case verdict::config:
            return "config";
    }
    return "config";
}

diagnosis decide(const evidence& e) {
    diagnosis d;
    const auto run = [&](check_result r) {
        const bool ok = r.ok;
        if (!ok) {
            d.found = r.found;
            d.first_action = r.first_action;
        }
        d.checks.push_back(std::move(r));
        return ok;
    };
    if (!run(check_stored_state(e.state))) return d;
    if (e.clocks && !run(check_clocks(*e.clocks))) return d;
    if (e.token && !run(check_token(*e.token, e.state))) return d;
    if (e.operation && !run(check_operation(*e.operation))) return d;
    if (e.recorded && !run(check_recorded_result(*e.recorded))) return d;
    d.first_action = "nothing to do: every check passed";
    return d;
}

std::string diagnosis_json(const diagnosis& d) {
    boost::json::object out;
    out["verdict"] = std::string(to_string(d.found));
    out["first_action"] = d.first_action;
    boost::json::array checks;
    for (const auto& c : d.checks)
        checks.push_back(boost::json::object{{"name", c.name}, {"ok", c.ok}, {"evidence", c.evidence}});
    out["checks"] = std::move(checks);
    out["reproduce"] = d.reproduce;
    return boost::json::serialize(out);
}

}  // namespace tether::doctor
