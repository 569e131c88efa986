// The operation check: one request of the operation the operator named, raw (no retries, no refresh). A 403
// names the resource and says whether the operation's required scopes were granted; a 404 names the
// resource; a 429/5xx brings the outage evidence (circuit state, recent transient failures).
#include "plugin/doctor/checks.hpp"
#include "plugin/doctor/request_findings.hpp"

namespace tether::doctor {

namespace {

std::string resource_of(const operation_facts& f) {
    if (f.resource_kind.empty()) return "the resource of " + f.name;
    return f.resource_kind + " " + f.resource_id;
}

}  // namespace

check_result check_operation(const operation_facts& f) {
    check_result r;
    r.name = "operation";
    auto& e = r.evidence;
    e["operation"] = f.name;
    if (!f.refused.empty()) {
        e["refused"] = f.refused;
        return not_ok(std::move(r), verdict::config,
                      "fix the operation or its parameters (" + f.refused + "); nothing was sent");
    }
    if (!f.required_scopes.empty()) e["required_scopes"] = f.required_scopes;
    e["missing_scopes"] = f.missing_scopes;
    if (!f.resource_kind.empty()) e["resource"] = resource_of(f);
    if (!f.sent) return r;
    e["request"] = exchange_evidence(*f.sent);
    if (f.sent->succeeded()) return r;

    const int s = f.sent->seen.http_status;
    if (!f.missing_scopes.empty() && (s == 401 || s == 403))
        return not_ok(std::move(r), verdict::reauthorize_scopes,
                      "re-authorize requesting the scope(s) " + f.missing_scopes + " that " + f.name +
                          " needs: add them to the scopes setting, then `tether authorize-url`; refreshing only "
                          "renews what was granted");
    if (s == 403)
        return not_ok(std::move(r), verdict::permission,
                      "the token is valid and holds " + f.name + "'s scopes, but its user may not use " +
                          resource_of(f) + ": share " + resource_of(f) +
                          " with the connected user (or connect as a user who can); refreshing or re-authorizing "
                          "will not help");
    if (s == 404)
        return not_ok(std::move(r), verdict::not_found,
                      resource_of(f) +
                          " does not exist for the connected user (deleted, moved, or a wrong id): "
                          "check the id the platform sends");
    if (s == 401)
        return not_ok(std::move(r), verdict::revoked,
                      "the provider rejects the token for " + f.name +
                          " although the probe passed: re-authorize "
                          "(`tether authorize-url`)");
    if (auto outage = outage_or_config(r, *f.sent, f.outage)) return std::move(*outage);
    return not_ok(std::move(r), verdict::config,
                  f.name + " was refused with HTTP " + std::to_string(s) + " (" + f.sent->reason +
                      "): check its parameters and body against the provider's documentation");
}

}  // namespace tether::doctor
