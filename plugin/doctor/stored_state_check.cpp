// The first check: what the stored record says before any request — a grant present, its age, declared vs
// learned lifetime, a standing reconnect verdict and its reason. A learned lifetime is evidence only: tether
// already refreshes before it, and a live early death (the token check) is what names it as the cause.
#include "plugin/doctor/checks.hpp"

namespace tether::doctor {

namespace {

constexpr std::string_view authorization_steps =
    "`tether authorize-url`, have the user approve, then `tether authorize --callback URL` (hosts: "
    "tether_authorize_begin / tether_authorize_complete)";

}  // namespace

verdict verdict_of_reconnect(std::string_view reason) noexcept {
    if (reason == "scope_missing") return verdict::reauthorize_scopes;
    if (reason == "user_changed") return verdict::permission;
    if (reason == "origin_changed") return verdict::config;
    return verdict::revoked;
}

check_result check_stored_state(const stored_state_facts& f) {
    check_result r;
    r.name = "stored_state";
    auto& e = r.evidence;
    e["state"] = f.state;
    e["record_version"] = f.record_version;
    if (!f.problem.empty()) {
        e["problem"] = f.problem;
        return not_ok(std::move(r), verdict::config,
                      "the stored record cannot be read: inspect the host's storage for this connection, or "
                      "authorize again to replace the record");
    }
    if (f.state == "unauthorized")
        return not_ok(std::move(r), verdict::config, "authorize the connection: " + std::string(authorization_steps));
    if (f.state == "reconnect_required") {
        e["reconnect_reason"] = f.reconnect_reason;
        if (!f.reconnect_detail.empty()) e["reconnect_detail"] = f.reconnect_detail;
        const verdict v = verdict_of_reconnect(f.reconnect_reason);
        std::string action =
            "re-authorize (the stored record says the connection needs a person: " + f.reconnect_reason +
            "): " + std::string(authorization_steps);
        if (v == verdict::config)
            action =
                "the settings name another API origin than the grant was issued for: restore the base_url "
                "setting, or authorize again for the new origin";
        return not_ok(std::move(r), v, std::move(action));
    }
    e["access_token"] = f.access_token;
    e["api_token"] = f.api_token;
    e["age_s"] = f.age_ms / 1000;
    if (f.declared_lifetime_ms > 0) e["declared_lifetime_s"] = f.declared_lifetime_ms / 1000;
    if (f.learned_lifetime_ms) e["learned_lifetime_s"] = *f.learned_lifetime_ms / 1000;
    if (f.early_death_age_ms) e["early_death_age_s"] = *f.early_death_age_ms / 1000;
    if (!f.granted_scopes.empty()) e["granted_scopes"] = f.granted_scopes;
    if (f.origin_changed)
        return not_ok(std::move(r), verdict::config,
                      "the settings name another API origin than the grant was issued for, so tether sends it "
                      "nowhere: restore the base_url setting, or authorize again for the new origin");
    return r;
}

}  // namespace tether::doctor
