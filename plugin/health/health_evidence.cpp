// Merging, pruning and the JSON form of health evidence.
#include "plugin/health/health_evidence.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <vector>

namespace tether::health {

namespace json = boost::json;

std::int64_t minute_of(std::int64_t ms) { return ms / 60'000 - (ms % 60'000 < 0 ? 1 : 0); }

void counter_evidence::add(std::int64_t now_ms, std::int64_t n) {
    if (n <= 0) return;
    total += n;
    minutes[minute_of(now_ms)] += n;
}

std::int64_t counter_evidence::in_window(std::int64_t now_ms) const {
    const std::int64_t now = minute_of(now_ms);
    std::int64_t sum = 0;
    for (auto it = minutes.upper_bound(now - window_minutes); it != minutes.end() && it->first <= now; ++it)
        sum += it->second;
    return sum;
}

bool health_evidence::empty() const {
    return operations.empty() && forbidden.empty() && rate_limited.empty() && server_errors.empty() &&
           retries.empty() && budget_exhausted.empty() && refresh_attempts.empty() && refresh_successes.empty() &&
           !last_failure;
}

namespace {

void merge_counter(counter_evidence& into, const counter_evidence& delta) {
    into.total += delta.total;
    for (const auto& [minute, n] : delta.minutes) into.minutes[minute] += n;
}

void prune_counter(counter_evidence& c, std::int64_t now_minute) {
    c.minutes.erase(c.minutes.begin(), c.minutes.upper_bound(now_minute - window_minutes));
}

json::object counter_json(const counter_evidence& c) {
    json::object minutes;
    for (const auto& [minute, n] : c.minutes) minutes[std::to_string(minute)] = n;
    return json::object{{"total", c.total}, {"minutes", std::move(minutes)}};
}

// Reading: every problem is a message naming the field.
struct reader {
    std::string problem;

    std::int64_t integer(const json::value* v, std::string_view where) {
        if (v == nullptr) return 0;
        if (v->is_int64()) return v->get_int64();
        if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
            return static_cast<std::int64_t>(v->get_uint64());
        if (problem.empty()) problem = std::string(where) + " is not an integer";
        return 0;
    }
    std::string text(const json::value* v, std::string_view where) {
        if (v == nullptr) return {};
        if (v->is_string()) return std::string(v->get_string());
        if (problem.empty()) problem = std::string(where) + " is not a string";
        return {};
    }
    const json::object* object(const json::value* v, std::string_view where) {
        if (v == nullptr) return nullptr;
        if (v->is_object()) return &v->get_object();
        if (problem.empty()) problem = std::string(where) + " is not an object";
        return nullptr;
    }
    counter_evidence counter(const json::value* v, const std::string& where) {
        counter_evidence c;
        const auto* o = object(v, where);
        if (o == nullptr) return c;
        c.total = integer(o->if_contains("total"), where + ".total");
        if (const auto* m = object(o->if_contains("minutes"), where + ".minutes"))
            for (const auto& [key, n] : *m) {
                std::int64_t minute = 0;
                try {
                    minute = std::stoll(std::string(key));
                } catch (const std::exception&) {
                    if (problem.empty()) problem = where + ".minutes has a key that is not a minute";
                    continue;
                }
                c.minutes[minute] = integer(&n, where + ".minutes");
            }
        return c;
    }
};

}  // namespace

void merge(health_evidence& into, const health_evidence& delta) {
    for (const auto& [name, op] : delta.operations) {
        auto& mine = into.operations[name];
        merge_counter(mine.calls, op.calls);
        merge_counter(mine.errors, op.errors);
        merge_counter(mine.unauthorized, op.unauthorized);
        for (const auto& [s, n] : op.by_status) mine.by_status[s] += n;
    }
    for (const auto& [resource, c] : delta.forbidden) merge_counter(into.forbidden[resource], c);
    merge_counter(into.rate_limited, delta.rate_limited);
    merge_counter(into.server_errors, delta.server_errors);
    merge_counter(into.retries, delta.retries);
    merge_counter(into.budget_exhausted, delta.budget_exhausted);
    merge_counter(into.refresh_attempts, delta.refresh_attempts);
    merge_counter(into.refresh_successes, delta.refresh_successes);
    if (delta.last_failure && (!into.last_failure || delta.last_failure->at_ms >= into.last_failure->at_ms))
        into.last_failure = delta.last_failure;
}

void prune(health_evidence& e, std::int64_t now_ms) {
    const std::int64_t now = minute_of(now_ms);
    for (auto& [name, op] : e.operations) {
        prune_counter(op.calls, now);
        prune_counter(op.errors, now);
        prune_counter(op.unauthorized, now);
    }
    for (auto& [resource, c] : e.forbidden) prune_counter(c, now);
    for (auto* c : {&e.rate_limited, &e.server_errors, &e.retries, &e.budget_exhausted, &e.refresh_attempts,
                    &e.refresh_successes})
        prune_counter(*c, now);

    if (e.forbidden.size() <= max_forbidden_resources) return;
    std::vector<std::pair<std::int64_t, std::string>> by_total;
    for (const auto& [resource, c] : e.forbidden)
        if (resource != other_resources) by_total.emplace_back(c.total, resource);
    std::sort(by_total.begin(), by_total.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    counter_evidence other = e.forbidden[std::string(other_resources)];
    for (std::size_t i = max_forbidden_resources - 1; i < by_total.size(); ++i) {
        merge_counter(other, e.forbidden[by_total[i].second]);
        e.forbidden.erase(by_total[i].second);
    }
    e.forbidden[std::string(other_resources)] = std::move(other);
}

std::string to_json(const health_evidence& e) {
    json::object operations;
    for (const auto& [name, op] : e.operations) {
        json::object by_status;
        for (const auto& [s, n] : op.by_status) by_status[s] = n;
        operations[name] = json::object{{"calls", counter_json(op.calls)},
                                        {"errors", counter_json(op.errors)},
                                        {"unauthorized", counter_json(op.unauthorized)},
                                        {"by_status", std::move(by_status)}};
    }
    json::object forbidden;
    for (const auto& [resource, c] : e.forbidden) forbidden[resource] = counter_json(c);
    json::object doc{{"health_evidence", 1},
                     {"operations", std::move(operations)},
                     {"forbidden", std::move(forbidden)},
                     {"rate_limited", counter_json(e.rate_limited)},
                     {"server_errors", counter_json(e.server_errors)},
                     {"retries", counter_json(e.retries)},
                     {"budget_exhausted", counter_json(e.budget_exhausted)},
                     {"refresh_attempts", counter_json(e.refresh_attempts)},
                     {"refresh_successes", counter_json(e.refresh_successes)}};
    if (const auto& f = e.last_failure)
        doc["last_failure"] = json::object{{"operation", f->operation},       {"status", f->status},
                                           {"at_ms", f->at_ms},               {"http_status", f->http_status},
                                           {"provider_code", f->provider_code}, {"ref_id", f->ref_id},
                                           {"transport_error", f->transport_error}};
    return json::serialize(doc);
}

std::variant<health_evidence, std::string> parse_evidence(std::string_view text) {
    json::error_code ec;
    const auto value = json::parse(text, ec);
    if (ec) return "the health record is not JSON: " + ec.message();
    reader r;
    const auto* doc = r.object(&value, "the health record");
    if (doc == nullptr) return r.problem;
    if (r.integer(doc->if_contains("health_evidence"), "health_evidence") != 1)
        return r.problem.empty() ? std::string("the health record has no health_evidence version 1") : r.problem;
    health_evidence e;
    if (const auto* ops = r.object(doc->if_contains("operations"), "operations"))
        for (const auto& [name, v] : *ops) {
            const std::string where = "operations." + std::string(name);
            const auto* o = r.object(&v, where);
            if (o == nullptr) continue;
            auto& op = e.operations[std::string(name)];
            op.calls = r.counter(o->if_contains("calls"), where + ".calls");
            op.errors = r.counter(o->if_contains("errors"), where + ".errors");
            op.unauthorized = r.counter(o->if_contains("unauthorized"), where + ".unauthorized");
            if (const auto* s = r.object(o->if_contains("by_status"), where + ".by_status"))
                for (const auto& [status, n] : *s) op.by_status[std::string(status)] = r.integer(&n, where);
        }
    if (const auto* f = r.object(doc->if_contains("forbidden"), "forbidden"))
        for (const auto& [resource, v] : *f)
            e.forbidden[std::string(resource)] = r.counter(&v, "forbidden." + std::string(resource));
    e.rate_limited = r.counter(doc->if_contains("rate_limited"), "rate_limited");
    e.server_errors = r.counter(doc->if_contains("server_errors"), "server_errors");
    e.retries = r.counter(doc->if_contains("retries"), "retries");
    e.budget_exhausted = r.counter(doc->if_contains("budget_exhausted"), "budget_exhausted");
    e.refresh_attempts = r.counter(doc->if_contains("refresh_attempts"), "refresh_attempts");
    e.refresh_successes = r.counter(doc->if_contains("refresh_successes"), "refresh_successes");
    if (const auto* f = r.object(doc->if_contains("last_failure"), "last_failure")) {
        failure_evidence lf;
        lf.operation = r.text(f->if_contains("operation"), "last_failure.operation");
        lf.status = r.text(f->if_contains("status"), "last_failure.status");
        lf.at_ms = r.integer(f->if_contains("at_ms"), "last_failure.at_ms");
        lf.http_status = static_cast<int>(r.integer(f->if_contains("http_status"), "last_failure.http_status"));
        lf.provider_code = r.integer(f->if_contains("provider_code"), "last_failure.provider_code");
        lf.ref_id = r.text(f->if_contains("ref_id"), "last_failure.ref_id");
        lf.transport_error = r.text(f->if_contains("transport_error"), "last_failure.transport_error");
        e.last_failure = std::move(lf);
    }
    if (!r.problem.empty()) return r.problem;
    return e;
}

}  // namespace tether::health
