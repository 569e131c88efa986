// The guide's checks, in the order doctor runs them, each a pure function of its evidence (evidence.hpp):
// what it saw, whether that is fine, and when it is not the verdict and the first action.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "plugin/doctor/evidence.hpp"

namespace tether::doctor {

// The root-cause groups of the troubleshooting guide (docs/troubleshooting.md), plus healthy and config.
enum class verdict {
    healthy,
    admin_lifetime,      // an admin-configured token lifetime shorter than the declared one
    revoked,             // the grant was revoked, or its refresh token rotated away: re-authorize
    reauthorize_scopes,  // the operation needs scopes the grant lacks
    permission,          // the token is fine; the user may not touch this resource (or the user changed)
    not_found,           // the resource does not exist for this user
    clock_skew,          // our clock and the provider's disagree
    provider_outage,     // 429/5xx/transport failures, the circuit
    platform,            // the request works here: the platform dropped the header or used stale state
    config,              // settings, manifest, a connection never authorized, an unreadable record
};

std::string_view to_string(verdict v) noexcept;

struct check_result {
    std::string name;  // "stored_state", "clocks", "token", "operation", "recorded_result"
    bool ok = true;
    boost::json::object evidence;
    verdict found = verdict::healthy;  // when !ok
    std::string first_action;          // when !ok
};

// A clock difference from this much on is a finding (Smartsheet's Date has whole seconds; tether itself
// corrects any offset, but platforms and caches judging expiry on the local clock do not).
inline constexpr std::int64_t clock_skew_threshold_ms = 5 * 60 * 1000;

// `r` turned into a finding.
inline check_result not_ok(check_result r, verdict v, std::string first_action) {
    r.ok = false;
    r.found = v;
    r.first_action = std::move(first_action);
    return r;
}

// The root-cause group of a reconnect-required reason ("scope_missing", "user_changed", "origin_changed", and
// the revoked kin: "invalid_grant", "revoked", …).
verdict verdict_of_reconnect(std::string_view reason) noexcept;

check_result check_stored_state(const stored_state_facts& facts);
check_result check_clocks(const clock_facts& facts);
check_result check_token(const token_facts& facts, const stored_state_facts& state);
check_result check_operation(const operation_facts& facts);
check_result check_recorded_result(const recorded_facts& facts);

}  // namespace tether::doctor
