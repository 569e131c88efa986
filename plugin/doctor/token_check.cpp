// The token check: one probe with the current token and no refresh; on a 401 one refresh (the normal,
// single-flight one) and the probe again. A token that died before its declared lifetime and came back with a
// refresh is the admin-configured lifetime; a refresh the provider refuses means re-authorize.
#include "plugin/doctor/checks.hpp"
#include "plugin/doctor/request_findings.hpp"
#include "plugin/health/diagnosis.hpp"

namespace tether::doctor {

namespace {

check_result after_refresh(check_result r, const token_facts& f, const stored_state_facts& state) {
    auto& e = r.evidence;
    boost::json::object refresh;
    refresh["status"] = std::string(status_name(f.refresh_code));
    if (!f.refresh_reason.empty()) refresh["reason"] = f.refresh_reason;
    if (!f.refresh_message.empty()) refresh["message"] = f.refresh_message;
    e["refresh"] = std::move(refresh);
    if (f.probe_again) e["probe_after_refresh"] = exchange_evidence(*f.probe_again);

    if (f.refresh_code == status::reconnect_required) {
        return not_ok(std::move(r), verdict_of_reconnect(f.refresh_reason),
                      "re-authorize: the provider refused the refresh (" + f.refresh_reason +
                          "), so the grant was revoked or its refresh token is no longer valid; run `tether "
                          "authorize-url` and have the user approve again");
    }
    if (f.refresh_code == status::transient)
        return not_ok(std::move(r), verdict::provider_outage,
                      "the token endpoint could not refresh now (" + f.refresh_reason +
                          "): wait and try again later; the grant itself was not refused");
    if (f.refresh_code != status::ok)
        return not_ok(std::move(r), verdict::config,
                      "the refresh failed (" + std::string(status_name(f.refresh_code)) + ", " + f.refresh_reason +
                          "): check the client id and secret settings");
    if (!f.probe_again || !f.probe_again->succeeded())
        return not_ok(std::move(r), verdict::revoked,
                      "the provider rejects even the freshly refreshed token: re-authorize (`tether authorize-url`)");
    const bool died_early = state.declared_lifetime_ms > 0 && state.age_ms < state.declared_lifetime_ms;
    if (!died_early) return r;  // it had simply outlived its lifetime; the refresh was the cure
    return not_ok(std::move(r), verdict::admin_lifetime,
                  "the token was rejected at age " + health::human_duration(state.age_ms) +
                      ", before its declared lifetime of " + health::human_duration(state.declared_lifetime_ms) +
                      ", and a refresh fixed it: the provider's admin configured a shorter token lifetime. tether "
                      "has learned it and refreshes before it now; a platform that caches tokens must refresh as "
                      "often, or ask the admin to lengthen the lifetime");
}

}  // namespace

check_result check_token(const token_facts& f, const stored_state_facts& state) {
    check_result r;
    r.name = "token";
    r.evidence["probe"] = exchange_evidence(f.probe);
    if (f.probe.succeeded()) return r;
    const int s = f.probe.seen.http_status;
    if (s == 401 && f.refreshed) return after_refresh(std::move(r), f, state);
    if (s == 401)
        return not_ok(std::move(r), verdict::revoked,
                      "the provider rejects the token (" + f.probe.reason +
                          ") and the grant cannot be refreshed: "
                          "re-authorize (`tether authorize-url`)");
    if (s == 403)
        return not_ok(std::move(r), verdict::permission,
                      "the token is valid but its user may not use " + f.probe.label +
                          ": check the user's account and licence with the provider; refreshing will not help");
    if (auto outage = outage_or_config(r, f.probe, f.outage)) return std::move(*outage);
    return not_ok(std::move(r), verdict::config,
                  f.probe.label + " failed with HTTP " + std::to_string(s) + " (" + f.probe.reason +
                      "): check the connector's settings and manifest");
}

}  // namespace tether::doctor
