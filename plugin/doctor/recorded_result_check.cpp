// The recorded-result check: a failure a platform recorded, compared with what doctor sees now. An attempt
// sent without a credential, a 401 for a token older than the stored one, or the same request succeeding
// now all point at the platform (a header dropped on retry, stale cached state), not at the grant.
#include "plugin/doctor/checks.hpp"

namespace tether::doctor {

check_result check_recorded_result(const recorded_facts& f) {
    check_result r;
    r.name = "recorded_result";
    auto& e = r.evidence;
    if (!f.problem.empty()) {
        e["problem"] = f.problem;
        return not_ok(std::move(r), verdict::config,
                      "the --result file is not a tether result (" + f.problem +
                          "): give the JSON the platform recorded from tether_result_json or `tether call`");
    }
    e["status"] = f.status;
    e["attempts"] = f.attempts.size();
    e["current_record_version"] = f.current_version;
    const auto which = [&](std::size_t i) {
        return "attempt " + std::to_string(i + 1) + " (" + f.attempts[i].method + " " + f.attempts[i].url + ")";
    };
    std::optional<std::size_t> last_api;  // the last attempt with a raw record (the token endpoint's have none)
    for (std::size_t i = 0; i < f.attempts.size(); ++i) {
        if (!f.attempts[i].method.empty()) last_api = i;
        if (f.attempts[i].credential != "none") continue;
        e["without_credential"] = i + 1;
        return not_ok(std::move(r), verdict::platform,
                      "the platform sent " + which(i) +
                          " without an Authorization header: it drops the header (typically on a retry or "
                          "redirect). Run the reproduce line where the platform runs, then fix the platform's "
                          "request handling; the grant is fine");
    }
    // A call that ended on a 401 for a token older than the one stored now (which the token check just saw
    // accepted): the platform handed tether, or sent itself, a stale copy of the connection's state.
    if (last_api && f.status != "ok") {
        const auto& a = f.attempts[*last_api];
        if (a.http_status == 401 && a.record_version && *a.record_version < f.current_version) {
            e["stale_record_version"] = *a.record_version;
            return not_ok(std::move(r), verdict::platform,
                          which(*last_api) + " was rejected with a token from record version " +
                              std::to_string(*a.record_version) + " while the store holds version " +
                              std::to_string(f.current_version) +
                              ", whose token works: the platform used stale cached state. Let it read the "
                              "connection's state through tether on every call instead of caching it");
        }
    }
    if (f.same_request_ok_now) e["same_request_ok_now"] = *f.same_request_ok_now;
    if (f.status != "ok" && f.same_request_ok_now.value_or(false))
        return not_ok(std::move(r), verdict::platform,
                      "the recorded call failed (" + f.status +
                          ") but the same request succeeds now from here: the platform is the culprit (its "
                          "network, headers or cached state). Run the reproduce line where the platform runs");
    return r;
}

}  // namespace tether::doctor
