// Reading a recorded tether result back: its status and each attempt's raw record.
#include "plugin/doctor/recorded_result.hpp"

#include <boost/json.hpp>

namespace tether::doctor {

namespace {

recorded_attempt attempt_of(const boost::json::object& a) {
    recorded_attempt out;
    if (const auto* s = a.if_contains("http_status"); s && s->is_int64())
        out.http_status = static_cast<int>(s->get_int64());
    if (const auto* c = a.if_contains("credential"); c && c->is_string()) out.credential = std::string(c->get_string());
    if (const auto* v = a.if_contains("record_version")) {
        if (v->is_uint64()) out.record_version = v->get_uint64();
        if (v->is_int64() && v->get_int64() >= 0) out.record_version = static_cast<std::uint64_t>(v->get_int64());
    }
    if (const auto* m = a.if_contains("method"); m && m->is_string()) out.method = std::string(m->get_string());
    if (const auto* u = a.if_contains("url"); u && u->is_string()) out.url = std::string(u->get_string());
    return out;
}

}  // namespace

recorded_facts read_recorded_result(std::string_view json) {
    recorded_facts f;
    boost::json::error_code ec;
    const boost::json::value v = boost::json::parse(json, ec);
    const auto* o = ec ? nullptr : v.if_object();
    const auto* status = o ? o->if_contains("status") : nullptr;
    if (status == nullptr || !status->is_string()) {
        f.problem = ec ? "not JSON (" + ec.message() + ")" : "not a tether result (no \"status\")";
        return f;
    }
    f.status = std::string(status->get_string());
    if (const auto* attempts = o->if_contains("attempts"); attempts && attempts->is_array())
        for (const auto& a : attempts->get_array())
            if (a.is_object()) f.attempts.push_back(attempt_of(a.get_object()));
    return f;
}

}  // namespace tether::doctor
