// The retry decision as a table: what a failed attempt, the request's earlier attempts, the operation, the
// time budget and the API host's circuit make of the next step — hostile answers included, as classified.
#include <catch2/catch.hpp>

#include <vector>

#include "plugin/call/retry_decision.hpp"

using namespace tether::call;
using tether::attempt;
using tether::status;
using tether::manifest::error_action;

namespace {

tether::classify::classification failure(error_action action, std::optional<std::int64_t> retry_after = std::nullopt,
                                         bool non_idempotent_ok = false) {
    tether::classify::classification c;
    c.action = action;
    c.reason = "test_reason";
    c.retry_after_ms = retry_after;
    c.retry_non_idempotent = non_idempotent_ok;
    return c;
}

// What the one classifier makes of an answer; none of these reaches a manifest rule, so no rules are needed.
tether::classify::classification classified(const tether::http::response& r) {
    return tether::classify::classify_response({}, tether::manifest::endpoint_kind::api, r, 0);
}

tether::http::response past_cap(tether::http::transport_error error) {
    tether::http::response r;
    r.error = error;
    return r;
}

tether::http::response answered(int status, std::vector<tether::http::header> headers, std::string body = "") {
    tether::http::response r;
    r.status = status;
    r.headers = std::move(headers);
    r.body = std::move(body);
    return r;
}

attempt decided(const char* action) {
    attempt a;
    a.action = action;
    return a;
}

// max 3 retries, delays 1 s doubling to 30 s, a 60 s budget.
retry_budget budget(std::int64_t elapsed = 0, std::int64_t circuit = 0) {
    return retry_budget{3, {1000, 30000}, elapsed, 60000, circuit};
}

struct row {
    const char* name;
    std::vector<attempt> earlier;
    tether::classify::classification failed;
    int http_status;
    bool idempotent;
    retry_budget limits;
    double random;
    retry_action action;
    std::int64_t delay;  // retry: the exact delay; -2: not checked
    status final_status;
    stop_cause cause;
    std::int64_t retry_after;  // stop: the host's retry_after_ms; -2: not checked
};

}  // namespace

TEST_CASE("the retry decision, row by row") {
    const std::vector<attempt> none;
    const std::vector<attempt> refreshed = {decided("refresh_then_retry")};
    const std::vector<attempt> one_retry = {decided("retry")};
    const std::vector<attempt> three_retries = {decided("retry"), decided("retry"), decided("retry")};
    const std::vector<attempt> retry_then_refresh = {decided("retry"), decided("refresh_then_retry")};
    const auto stop = retry_action::stop;
    const auto retry = retry_action::retry;
    const auto refresh = retry_action::refresh_then_retry;

    const std::vector<row> rows = {
        // 401: refresh once and retry once; a second 401 after the refresh stops — never a loop.
        {"401, first time", none, failure(error_action::refresh_then_retry), 401, true, budget(), 0.5, refresh, -2,
         status::ok, stop_cause::classified, -2},
        {"401 again right after a refresh", refreshed, failure(error_action::refresh_then_retry), 401, true, budget(),
         0.5, stop, -2, status::transient, stop_cause::rejected_after_refresh, -1},
        {"401 after a 503 retry: still the first refresh", one_retry, failure(error_action::refresh_then_retry), 401,
         true, budget(), 0.5, refresh, -2, status::ok, stop_cause::classified, -2},
        {"401 on a POST: refreshing is safe, the request was refused", none,
         failure(error_action::refresh_then_retry), 401, false, budget(), 0.5, refresh, -2, status::ok,
         stop_cause::classified, -2},
        // 403 never refreshes and never retries.
        {"403", none, failure(error_action::forbidden), 403, true, budget(), 0.5, stop, -2, status::forbidden,
         stop_cause::classified, -1},
        {"403 after a refresh", refreshed, failure(error_action::forbidden), 403, true, budget(), 0.5, stop, -2,
         status::forbidden, stop_cause::classified, -1},
        // 400 and 404 are the request's fault: never retried.
        {"400", none, failure(error_action::bad_request), 400, true, budget(), 0.5, stop, -2, status::bad_request,
         stop_cause::classified, -1},
        {"404", none, failure(error_action::not_found), 404, true, budget(), 0.5, stop, -2, status::not_found,
         stop_cause::classified, -1},
        {"reconnect rule (SSO required)", none, failure(error_action::reconnect), 401, true, budget(), 0.5, stop, -2,
         status::reconnect_required, stop_cause::classified, -1},
        {"config error (refused URL)", none, failure(error_action::config_error), 0, true, budget(), 0.5, stop, -2,
         status::config_error, stop_cause::classified, -1},
        {"fail on a 4xx: bad request", none, failure(error_action::fail), 418, true, budget(), 0.5, stop, -2,
         status::bad_request, stop_cause::classified, -1},
        {"fail on a 5xx: transient with the base delay", none, failure(error_action::fail), 599, true, budget(), 0.5,
         stop, -2, status::transient, stop_cause::classified, 1000},
        {"fail with a Retry-After: transient with it", none, failure(error_action::fail, 7000), 599, true, budget(),
         0.5, stop, -2, status::transient, stop_cause::classified, 7000},
        // 429 / 5xx: full jitter within base·2ⁿ, Retry-After honoured when longer.
        {"429 without Retry-After, first retry", none, failure(error_action::backoff), 429, true, budget(), 0.5,
         retry, 500, status::ok, stop_cause::classified, -2},
        {"429 without Retry-After, second retry", one_retry, failure(error_action::backoff), 429, true, budget(), 0.5,
         retry, 1000, status::ok, stop_cause::classified, -2},
        {"429 jitter at its floor", none, failure(error_action::backoff), 429, true, budget(), 0.0, retry, 0,
         status::ok, stop_cause::classified, -2},
        {"429 with a Retry-After of 5 s", none, failure(error_action::backoff, 5000), 429, true, budget(), 0.5, retry,
         5000, status::ok, stop_cause::classified, -2},
        {"429 with a Retry-After shorter than the jitter", one_retry, failure(error_action::backoff, 100), 429, true,
         budget(), 0.9, retry, 1800, status::ok, stop_cause::classified, -2},
        {"429 with a Retry-After beyond max_delay: handed to the host", none, failure(error_action::backoff, 45000),
         429, true, budget(), 0.5, stop, -2, status::transient, stop_cause::retries_exhausted, 45000},
        {"503 after three retries: exhausted", three_retries, failure(error_action::backoff), 503, true, budget(),
         0.5, stop, -2, status::transient, stop_cause::retries_exhausted, 4000},
        {"503 exhausted with a tiny jitter: the host still waits the base delay", three_retries,
         failure(error_action::backoff), 503, true, budget(), 0.0, stop, -2, status::transient,
         stop_cause::retries_exhausted, 1000},
        {"503 after a retry and a refresh: one retry counted", retry_then_refresh, failure(error_action::backoff),
         503, true, budget(), 0.5, retry, 1000, status::ok, stop_cause::classified, -2},
        // The call's time budget.
        {"budget: the wait would end past 60 s", one_retry, failure(error_action::backoff), 503, true,
         budget(59500), 0.5, stop, -2, status::transient, stop_cause::budget_exhausted, 1000},
        {"budget: the wait ends just in time", one_retry, failure(error_action::backoff), 503, true, budget(59000),
         0.5, retry, 1000, status::ok, stop_cause::classified, -2},
        {"budget: a Retry-After that does not fit", none, failure(error_action::backoff, 20000), 429, true,
         budget(45000), 0.5, stop, -2, status::transient, stop_cause::budget_exhausted, 20000},
        // A request that may have been processed is not repeated unless the failure proves it was not.
        {"timeout on a POST", none, failure(error_action::backoff), 0, false, budget(), 0.5, stop, -2,
         status::transient, stop_cause::not_idempotent, -1},
        {"429 on a POST (proves it was not processed)", none, failure(error_action::backoff, std::nullopt, true), 429,
         false, budget(), 0.5, retry, 500, status::ok, stop_cause::classified, -2},
        // Hostile or broken answers, as the classifier gives them.
        {"a body past its cap: the request must change, never retried", none,
         classified(past_cap(tether::http::transport_error::response_too_large)), 0, true, budget(), 0.5, stop, -2,
         status::bad_request, stop_cause::classified, -1},
        {"headers past their cap: transient, not retried though retries are left", none,
         classified(past_cap(tether::http::transport_error::response_headers_too_large)), 0, true, budget(), 0.5, stop,
         -2, status::transient, stop_cause::classified, 1000},
        {"a redirect: a URL setting is wrong, never followed nor retried", none,
         classified(answered(302, {{"Location", "https://elsewhere.example/"}})), 302, true, budget(), 0.5, stop, -2,
         status::config_error, stop_cause::classified, -1},
        {"a 200 HTML page: retried like any transient failure", none,
         classified(answered(200, {{"Content-Type", "text/html"}}, "<html/>")), 200, true, budget(), 0.5, retry, 500,
         status::ok, stop_cause::classified, -2},
        {"a 200 HTML page after three retries: transient, never OK", three_retries,
         classified(answered(200, {{"Content-Type", "text/html"}}, "<html/>")), 200, true, budget(), 0.5, stop, -2,
         status::transient, stop_cause::retries_exhausted, 4000},
        {"a 200 HTML page on a POST: it may have been processed", none,
         classified(answered(200, {{"Content-Type", "text/html"}}, "<html/>")), 200, false, budget(), 0.5, stop, -2,
         status::transient, stop_cause::not_idempotent, -1},
        // The API host's circuit: waiting only to be refused is pointless.
        {"circuit open longer than the wait", none, failure(error_action::backoff), 500, true, budget(0, 10000), 0.5,
         stop, -2, status::transient, stop_cause::circuit_open, 10000},
        {"circuit open, but admits again before the wait ends", one_retry, failure(error_action::backoff, 5000), 500,
         true, budget(0, 3000), 0.5, retry, 5000, status::ok, stop_cause::classified, -2},
        {"circuit closed", none, failure(error_action::backoff), 500, true, budget(0, 0), 0.5, retry, 500, status::ok,
         stop_cause::classified, -2},
        {"circuit open does not matter for a 403", none, failure(error_action::forbidden), 403, true,
         budget(0, 10000), 0.5, stop, -2, status::forbidden, stop_cause::classified, -1},
        {"exhausted before the circuit is asked", three_retries, failure(error_action::backoff), 500, true,
         budget(0, 10000), 0.5, stop, -2, status::transient, stop_cause::retries_exhausted, 4000},
    };
    for (const auto& r : rows) {
        INFO(r.name);
        const auto d = decide_retry(r.earlier, r.failed, r.http_status, r.idempotent, r.limits, r.random);
        REQUIRE(static_cast<int>(d.action) == static_cast<int>(r.action));
        if (d.action == retry_action::retry && r.delay != -2) CHECK(d.delay_ms == r.delay);
        if (d.action == retry_action::stop) {
            CHECK(tether::status_name(d.final_status) == tether::status_name(r.final_status));
            CHECK(to_string(d.cause) == to_string(r.cause));
            if (r.retry_after != -2) CHECK(d.retry_after_ms == r.retry_after);
        }
    }
}

TEST_CASE("a retry's delay stays within the full-jitter bounds for every random draw") {
    for (int retries = 0; retries < 3; ++retries) {
        std::vector<attempt> earlier(static_cast<std::size_t>(retries), decided("retry"));
        for (double u : {0.0, 0.25, 0.5, 0.999}) {
            const auto d = decide_retry(earlier, failure(error_action::backoff), 503, true, budget(), u);
            REQUIRE(d.action == retry_action::retry);
            CHECK(d.delay_ms >= 0);
            CHECK(d.delay_ms <= 1000LL << retries);
        }
    }
}
