// The rules of the monitoring table (docs/smartsheet.md), applied to a connection's health facts.
#include "plugin/health/diagnosis.hpp"

#include <fmt/format.h>

namespace tether::health {

std::string human_duration(std::int64_t ms) {
    // Rounded to the unit shown last, so that 604799 s reads "7 days", not "6 days 23 h".
    const std::int64_t s = (ms + 500) / 1000;
    if (s < 120) return fmt::format("{} s", s);
    const std::int64_t minutes = (s + 30) / 60;
    if (minutes < 120) return fmt::format("{} min", minutes);
    if (minutes < 48 * 60) {
        const std::int64_t hours = minutes / 60;
        return minutes % 60 == 0 ? fmt::format("{} h", hours) : fmt::format("{} h {} min", hours, minutes % 60);
    }
    const std::int64_t hours = (minutes + 30) / 60;
    const std::int64_t days = hours / 24;
    return hours % 24 == 0 ? fmt::format("{} days", days) : fmt::format("{} days {} h", days, hours % 24);
}

std::vector<finding> diagnose(const health_facts& f) {
    std::vector<finding> out;
    const std::string window = fmt::format("{} min", f.window_minutes);

    if (!f.load_problem.empty())
        out.push_back({"record_unreadable", "critical", "the stored record cannot be read: " + f.load_problem,
                       "inspect the host's storage for this connection; authorize again to replace the record"});
    if (f.state == "reconnect_required") {
        std::string evidence = "the connection needs re-authorization (" + f.reconnect_reason + ")";
        if (!f.reconnect_detail.empty()) evidence += ": " + f.reconnect_detail;
        out.push_back({"reconnect_required", "critical", evidence,
                       "ask the user to authorize again; tether will not call the token endpoint until then"});
    }
    if (!f.storage_problem.empty())
        out.push_back({"storage_unavailable", "critical", "the host's storage failed: " + f.storage_problem,
                       "check the host's storage (its load and store callbacks); the document shows what this "
                       "process last knew of the connection"});
    if (f.state == "unknown" && f.storage_problem.empty())
        out.push_back({"never_authorized", "info", "the connection has never been authorized",
                       "run the authorization (authorize_begin, then authorize_complete)"});
    if (f.unsaved_tokens && f.state == "reconnect_required")
        out.push_back({"verdict_unsaved", "critical",
                       "the reconnect verdict is held in memory because the host's storage failed; other "
                       "processes may still try the dead grant",
                       "fix the host's storage; tether writes the verdict at its next opportunity"});
    else if (f.unsaved_tokens)
        out.push_back({"tokens_unsaved", "critical",
                       "refreshed tokens are held in memory because the host's storage failed",
                       "fix the host's storage; tether writes the tokens at its next opportunity"});

    // 403 per resource: a permission problem of that resource; refreshing will not help.
    for (const auto& r : f.forbidden) {
        if (r.forbidden <= 0) continue;
        out.push_back({"forbidden_resource", "warning",
                       fmt::format("403 on {} for {} call{} in {}", r.resource, r.forbidden, r.forbidden == 1 ? "" : "s",
                                   window),
                       fmt::format("check that {} is shared with the connected user — refreshing will not help",
                                   r.resource)});
    }
    // 401 rate per endpoint rising: token expiry or refresh failures.
    for (const auto& op : f.operations) {
        if (op.unauthorized >= 3 && op.unauthorized * 5 >= op.calls)
            out.push_back({"unauthorized_rate", "warning",
                           fmt::format("{} answered 401 {} times for {} calls in {}", op.operation, op.unauthorized,
                                       op.calls, window),
                           "check token expiry and refresh failures (see the refresh success ratio)"});
    }
    // Refresh success ratio falling: client credentials or revoked grants.
    if (f.refresh_attempts >= 2 && f.refresh_successes * 10 < f.refresh_attempts * 8)
        out.push_back({"refresh_failing", f.refresh_successes == 0 ? "critical" : "warning",
                       fmt::format("refresh success {}% in {} ({} of {})",
                                   f.refresh_successes * 100 / f.refresh_attempts, window, f.refresh_successes,
                                   f.refresh_attempts),
                       "check the client credentials and whether the grant was revoked"});
    // Token age near the admin lifetime: tether learned it and refreshes earlier.
    if (f.learned_lifetime_ms && f.declared_lifetime_ms && *f.learned_lifetime_ms < *f.declared_lifetime_ms) {
        std::string evidence = f.early_death_age_ms
                                   ? fmt::format("a token died at {} of a declared {}", human_duration(*f.early_death_age_ms),
                                                 human_duration(*f.declared_lifetime_ms))
                                   : fmt::format("tokens live about {} of a declared {}",
                                                 human_duration(*f.learned_lifetime_ms),
                                                 human_duration(*f.declared_lifetime_ms));
        evidence += ": an admin-configured token lifetime is likely";
        std::string action = "nothing urgent: tether learned the lifetime";
        if (f.refresh_after_ms) action += " and now refreshes at " + human_duration(*f.refresh_after_ms);
        action += "; ask the plan admin about the configured expiration if it is unexpected";
        out.push_back({"lifetime_shortened", "info", evidence, action});
    }
    // Retry volume rising: back off, circuit, rate limits.
    if (f.circuit_open)
        out.push_back({"circuit_open", "critical", "calls fail fast: the API failed repeatedly",
                       "wait for the half-open probe; check the provider's status and rate limits"});
    if (f.budget_exhausted > 0 || f.retries >= 10 || f.rate_limited >= 5)
        out.push_back({"retry_pressure", "warning",
                       fmt::format("{} retries, {} exhausted retry budgets, {} rate-limited and {} server-error responses in {}",
                                   f.retries, f.budget_exhausted, f.rate_limited, f.server_errors, window),
                       "back off: lower the call rate or concurrency, and check the provider's rate limits"});
    return out;
}

}  // namespace tether::health
