// Commands that use a connected connection: call, refresh, health, revoke and doctor.
#include <boost/json.hpp>
#include <iostream>
#include <limits>

#include "cli/commands.hpp"
#include "cli/connection_session.hpp"
#include "cli/exit_codes.hpp"
#include "cli/output.hpp"

namespace tether_cli {

namespace {

// Runs `use` on the session's connection, or returns the exit code of opening it.
template <typename Use>
int with_connection(const invocation& in, Use&& use) {
    auto opened = open_session(in.args);
    if (auto* code = std::get_if<int>(&opened)) return *code;
    return use(*std::get<std::unique_ptr<connection_session>>(opened)->connection);
}

// The --param K=V options as a JSON object of strings; nullopt (and `error`) for one without K=.
std::optional<boost::json::object> params_of(const command_options& o, std::string& error) {
    boost::json::object params;
    for (const auto& [name, value] : o.values) {
        if (name != "--param") continue;
        const auto eq = value.find('=');
        if (eq == std::string::npos || eq == 0) {
            error = "--param expects K=V, got '" + value + "'";
            return std::nullopt;
        }
        params[value.substr(0, eq)] = value.substr(eq + 1);
    }
    return params;
}

}  // namespace

int run_call(const invocation& in) {
    const auto& o = in.options;
    if (o.positional.size() != 1) return usage_error("call needs exactly one OPERATION", "call");
    std::string error;
    const auto params = params_of(o, error);
    if (!params) return usage_error(error, "call");
    std::optional<std::string> body;
    if (const auto* spec = o.value("--body")) {
        body = read_body_option(*spec, error);
        if (!body) return usage_error(error, "call");
    }
    std::int64_t max_items = 0;  // no limit
    if (const auto* n = o.value("--max-items")) {
        const auto parsed = parse_integer("--max-items", *n, 1, std::numeric_limits<std::int32_t>::max(), error);
        if (!parsed) return usage_error(error, "call");
        max_items = *parsed;
    }
    const unsigned flags = o.flag("--all-pages") ? TETHER_CALL_ALL_PAGES : 0u;
    return with_connection(in, [&](tether::sdk::connection& c) {
        return report_from(c, c.call(o.positional[0], boost::json::serialize(*params), body, flags, max_items),
                           json_layout::indented_on_terminal);
    });
}

int run_refresh(const invocation& in) {
    if (!in.options.positional.empty()) return usage_error("refresh takes no arguments", "refresh");
    return with_connection(
        in, [&](tether::sdk::connection& c) { return report_from(c, c.refresh(in.options.flag("--force"))); });
}

int run_health(const invocation& in) {
    const auto& o = in.options;
    if (!o.positional.empty()) return usage_error("health takes no arguments", "health");
    unsigned flags = o.flag("--probe") ? TETHER_HEALTH_PROBE : 0u;
    bool prometheus = false;
    if (const auto* format = o.value("--format")) {
        prometheus = *format == "prometheus";
        if (!prometheus && *format != "json")
            return usage_error("--format needs json or prometheus, got '" + *format + "'", "health");
    }
    if (prometheus) flags |= TETHER_HEALTH_PROMETHEUS;
    return with_connection(in, [&](tether::sdk::connection& c) {
        const auto r = c.health(flags);
        if (!r.ok()) return report(r);
        if (prometheus)
            std::cout << r.body() << std::endl;
        else
            print_json(r.body(), json_layout::indented_on_terminal);
        return static_cast<int>(exit_ok);
    });
}

int run_revoke(const invocation& in) {
    if (!in.options.positional.empty()) return usage_error("revoke takes no arguments", "revoke");
    return with_connection(in, [&](tether::sdk::connection& c) {
        return report_from(c, c.revoke(in.options.flag("--all") ? TETHER_REVOKE_ALL_FOR_CLIENT : 0u));
    });
}

int run_doctor(const invocation& in) {
    const auto& o = in.options;
    if (!o.positional.empty()) return usage_error("doctor takes no arguments", "doctor");
    std::string error;
    const auto params = params_of(o, error);
    if (!params) return usage_error(error, "doctor");
    const auto* operation = o.value("--operation");
    if (operation == nullptr && !params->empty()) return usage_error("--param needs --operation", "doctor");
    std::optional<std::string> recorded;
    if (const auto* file = o.value("--result")) {
        recorded = read_body_option("@" + *file, error);
        if (!recorded) return usage_error(error, "doctor");
    }
    return with_connection(in, [&](tether::sdk::connection& c) {
        const auto r = c.diagnose(operation ? *operation : "", boost::json::serialize(*params), recorded);
        if (!r.ok()) return report(r);
        print_json(r.body(), json_layout::indented_on_terminal);
        if (r.reason() == "healthy") return static_cast<int>(exit_ok);
        std::cerr << "tether doctor: " << r.reason() << "\n  first action: " << r.message() << '\n';
        return static_cast<int>(exit_doctor_finding);
    });
}

}  // namespace tether_cli
