// The control API: /_emulator/... JSON endpoints that configure the world, the clock, lifetimes, faults
// and the rate limit, issue tokens, and read counters, live tokens (last 6 characters only) and the log.
#include "control_api.hpp"

#include <array>
#include <stdexcept>

#include "clock.hpp"
#include "observations.hpp"
#include "routes.hpp"

namespace tether::emulator::detail {

namespace {
using boost::json::object;
using boost::json::value;

// --- reading the JSON body; a missing or mistyped field throws std::invalid_argument -> 400 ---

const value& field(const object& body, const char* name) {
    const value* found = body.if_contains(name);
    if (found == nullptr) throw std::invalid_argument(std::string("missing field ") + name);
    return *found;
}

std::int64_t int_field(const object& body, const char* name) {
    const value& v = field(body, name);
    if (!v.is_int64() && !v.is_uint64()) throw std::invalid_argument(std::string(name) + " must be an integer");
    return v.to_number<std::int64_t>();
}

std::string string_field(const object& body, const char* name) {
    const value& v = field(body, name);
    if (!v.is_string()) throw std::invalid_argument(std::string(name) + " must be a string");
    return std::string(v.as_string());
}

std::optional<std::int64_t> optional_int(const object& body, const char* name) {
    if (!body.contains(name) || body.at(name).is_null()) return std::nullopt;
    return int_field(body, name);
}

std::string optional_string(const object& body, const char* name, std::string fallback = "") {
    return body.contains(name) ? string_field(body, name) : fallback;
}

template <class T>
std::vector<T> list_field(const object& body, const char* name) {
    const value& v = field(body, name);
    if (!v.is_array()) throw std::invalid_argument(std::string(name) + " must be an array");
    std::vector<T> out;
    for (const value& item : v.as_array()) out.push_back(boost::json::value_to<T>(item));
    return out;
}

fault_kind kind_named(const std::string& name) {
    static constexpr std::array kinds{fault_kind::error_status,
                                      fault_kind::delay,
                                      fault_kind::connection_reset,
                                      fault_kind::truncated_body,
                                      fault_kind::non_json_body,
                                      fault_kind::token_missing_field,
                                      fault_kind::token_without_refresh,
                                      fault_kind::mint_then_fail,
                                      fault_kind::gzip_bomb,
                                      fault_kind::redirect,
                                      fault_kind::huge_header};
    for (fault_kind kind : kinds)
        if (fault_kind_name(kind) == name) return kind;
    throw std::invalid_argument("unknown fault kind " + name);
}

fault_rule fault_from(const object& body) {
    fault_rule rule;
    rule.kind = kind_named(string_field(body, "kind"));
    rule.method = optional_string(body, "method");
    rule.path = optional_string(body, "path");
    rule.path_is_prefix = body.contains("pathIsPrefix") && body.at("pathIsPrefix").as_bool();
    rule.grant_type = optional_string(body, "grantType");
    rule.skip = static_cast<int>(optional_int(body, "skip").value_or(0));
    rule.times = static_cast<int>(optional_int(body, "times").value_or(1));
    rule.status = static_cast<int>(optional_int(body, "status").value_or(0));
    rule.error_code = static_cast<int>(optional_int(body, "errorCode").value_or(0));
    rule.message = optional_string(body, "message");
    if (auto after = optional_int(body, "retryAfterSeconds")) rule.retry_after_s = static_cast<int>(*after);
    rule.delay_ms = static_cast<int>(optional_int(body, "delayMs").value_or(0));
    rule.missing_field = optional_string(body, "missingField");
    rule.inflated_bytes = optional_int(body, "inflatedBytes").value_or(0);
    rule.location = optional_string(body, "location");
    rule.header_bytes = static_cast<int>(optional_int(body, "headerBytes").value_or(0));
    return rule;
}

object log_entry_json(const request_log_entry& entry) {
    object headers;  // as the log keeps them: Authorization only as its scheme and last 6 characters
    for (const auto& [name, value] : entry.headers) headers[name] = value;
    return object{{"at", format_iso8601(entry.at)},      {"method", entry.method}, {"path", entry.path},
                  {"endpoint", entry.endpoint},          {"status", entry.status}, {"grantType", entry.grant_type},
                  {"bearerSuffix", entry.bearer_suffix}, {"fault", entry.fault},   {"headers", std::move(headers)}};
}

reply ok() {
    return json_reply(200, object{{"ok", true}});
}

using id_list = std::vector<std::int64_t>;  // the {…} segments of the control path
using control_handler = reply (*)(smartsheet_emulator&, const id_list& ids, const object& body);

struct control_route {
    std::string_view method;
    std::string_view pattern;
    control_handler handler;
};

constexpr std::array control_routes{
    control_route{"POST", "/_emulator/users",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      e.add_user(int_field(b, "id"), string_field(b, "email"), optional_string(b, "firstName"),
                                 optional_string(b, "lastName"));
                      return ok();
                  }},
    control_route{"POST", "/_emulator/sheets",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      e.add_sheet(int_field(b, "id"), string_field(b, "name"), int_field(b, "ownerId"));
                      return ok();
                  }},
    control_route{"POST", "/_emulator/sheets/{sheetId}/shares",
                  [](smartsheet_emulator& e, const id_list& ids, const object& b) {
                      e.share_sheet(ids[0], int_field(b, "userId"), optional_string(b, "accessLevel", "EDITOR"));
                      return ok();
                  }},
    control_route{"DELETE", "/_emulator/sheets/{sheetId}/shares/{userId}",
                  [](smartsheet_emulator& e, const id_list& ids, const object&) {
                      e.unshare_sheet(ids[0], ids[1]);
                      return ok();
                  }},
    control_route{"POST", "/_emulator/sheets/{sheetId}/rows",
                  [](smartsheet_emulator& e, const id_list& ids, const object& b) {
                      const auto id = e.add_row(ids[0], list_field<std::string>(b, "values"));
                      return json_reply(200, object{{"id", id}});
                  }},
    control_route{"POST", "/_emulator/workspaces",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      e.add_workspace(int_field(b, "id"), string_field(b, "name"),
                                      list_field<std::int64_t>(b, "memberIds"));
                      return ok();
                  }},
    control_route{"PUT", "/_emulator/authorize",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      if (auto user = optional_int(b, "userId")) e.set_authorizing_user(*user);
                      if (auto deny = optional_int(b, "denyNext")) e.deny_next_authorize(static_cast<int>(*deny));
                      return ok();
                  }},
    control_route{"POST", "/_emulator/tokens",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      const token_pair pair =
                          e.issue_tokens(int_field(b, "userId"), list_field<std::string>(b, "scopes"));
                      return json_reply(200, object{{"access_token", pair.access_token},
                                                    {"token_type", "bearer"},
                                                    {"expires_in", pair.expires_in},
                                                    {"refresh_token", pair.refresh_token}});
                  }},
    control_route{"GET", "/_emulator/tokens",
                  [](smartsheet_emulator& e, const id_list&, const object&) {
                      boost::json::array tokens;
                      for (const live_token& t : e.live_tokens())
                          tokens.push_back(object{{"kind", t.kind == token_kind::access ? "access" : "refresh"},
                                                  {"suffix", token_suffix(t.token)},
                                                  {"userId", t.user_id},
                                                  {"scopes", boost::json::value_from(t.scopes)},
                                                  {"issuedAt", format_iso8601(t.issued_at)}});
                      return json_reply(200, object{{"tokens", tokens}});
                  }},
    control_route{"POST", "/_emulator/tokens/revoke",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      if (auto user = optional_int(b, "userId"))
                          e.revoke_all_tokens(*user);
                      else
                          e.revoke_token(string_field(b, "token"));
                      return ok();
                  }},
    control_route{"PUT", "/_emulator/lifetimes",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      if (b.contains("adminLifetimeSeconds"))
                          e.set_admin_lifetime(optional_int(b, "adminLifetimeSeconds"));
                      if (auto declared = optional_int(b, "declaredLifetimeSeconds"))
                          e.set_declared_lifetime(*declared);
                      if (auto ttl = optional_int(b, "codeTtlSeconds")) e.set_code_ttl(static_cast<int>(*ttl));
                      return ok();
                  }},
    control_route{"GET", "/_emulator/clock",
                  [](smartsheet_emulator& e, const id_list&, const object&) {
                      const emulator_time now = e.now();
                      return json_reply(200, object{{"now", unix_seconds(now)}, {"iso", format_iso8601(now)}});
                  }},
    control_route{"PUT", "/_emulator/clock",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      e.set_clock_offset(std::chrono::seconds(int_field(b, "offsetSeconds")));
                      return ok();
                  }},
    control_route{"POST", "/_emulator/clock/advance",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      e.advance_clock(std::chrono::seconds(int_field(b, "seconds")));
                      return ok();
                  }},
    control_route{"PUT", "/_emulator/date-skew",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      e.set_date_skew(std::chrono::seconds(int_field(b, "seconds")));
                      return ok();
                  }},
    control_route{"POST", "/_emulator/faults",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      e.add_fault(fault_from(b));
                      return ok();
                  }},
    control_route{"DELETE", "/_emulator/faults",
                  [](smartsheet_emulator& e, const id_list&, const object&) {
                      e.clear_faults();
                      return ok();
                  }},
    control_route{"PUT", "/_emulator/rate-limit",
                  [](smartsheet_emulator& e, const id_list&, const object& b) {
                      const auto after = optional_int(b, "retryAfterSeconds");
                      e.set_rate_limit(static_cast<int>(int_field(b, "perMinute")),
                                       after ? std::optional<int>(static_cast<int>(*after)) : std::nullopt);
                      return ok();
                  }},
    control_route{
        "GET", "/_emulator/counters",
        [](smartsheet_emulator& e, const id_list&, const object&) {
            boost::json::array counters;
            for (const auto& c : e.counters())
                counters.push_back(object{{"endpoint", c.endpoint}, {"grantType", c.grant_type}, {"count", c.count}});
            return json_reply(200, object{{"counters", counters}});
        }},
    control_route{"GET", "/_emulator/requests",
                  [](smartsheet_emulator& e, const id_list&, const object&) {
                      boost::json::array requests;
                      for (const auto& entry : e.request_log()) requests.push_back(log_entry_json(entry));
                      return json_reply(200, object{{"requests", requests}});
                  }},
    control_route{"POST", "/_emulator/webhooks/deliver",
                  [](smartsheet_emulator& e, const id_list&, const object&) {
                      return json_reply(200, object{{"sent", e.deliver_webhooks()}});
                  }},
    control_route{"DELETE", "/_emulator/requests",
                  [](smartsheet_emulator& e, const id_list&, const object&) {
                      e.clear_observations();
                      return ok();
                  }},
};

reply control_error(int status, const std::string& message) {
    return json_reply(status, object{{"error", message}});
}
}  // namespace

reply serve_control(smartsheet_emulator& emulator, const httplib::Request& request) {
    for (const control_route& route : control_routes) {
        std::vector<std::int64_t> ids;
        if (route.method != request.method || !path_matches(route.pattern, request.path, ids)) continue;
        try {
            object body;
            if (!request.body.empty()) {
                boost::json::value parsed = boost::json::parse(request.body);
                if (!parsed.is_object()) return control_error(400, "the body must be a JSON object");
                body = std::move(parsed.as_object());
            }
            return route.handler(emulator, ids, body);
        } catch (const std::exception& e) {
            return control_error(400, e.what());
        }
    }
    return control_error(404, "no control endpoint " + request.method + " " + request.path);
}

}  // namespace tether::emulator::detail
