// Who a token acts for, and the verdict when that changes.
#include "plugin/auth/user_probe.hpp"

#include <boost/json.hpp>

#include "plugin/auth/reconnect_verdict.hpp"
#include "plugin/host/log.hpp"
#include "plugin/manifest/json_pointer.hpp"
#include "plugin/manifest/request_binding.hpp"

namespace tether::auth {

std::string probe_user_id(auth_context& ctx, const std::string& access_token) {
    const auto& probe = ctx.manifest.auth.probe;
    if (probe.operation.empty() || probe.user_id_pointer.empty()) return {};
    const manifest::operation* op = ctx.manifest.find_operation(probe.operation);
    if (op == nullptr) return {};
    auto bound = manifest::bind_request(*op, boost::json::object{});
    if (!std::holds_alternative<manifest::bound_request>(bound)) return {};
    http::request req;
    req.url = ctx.settings.api_base + std::get<manifest::bound_request>(bound).target();
    req.headers.push_back({"Authorization", "Bearer " + access_token});
    req.headers.push_back({"Accept", "application/json"});
    const http::response r = ctx.http.send(req);
    if (!r.ok() || r.status != 200) {
        log_event(ctx.host, log_level::warn, ctx.connection_id, "authorize",
                  "the probe {} answered {}; the user id is not recorded", probe.operation, r.status);
        return {};
    }
    boost::json::error_code ec;
    const auto body = boost::json::parse(r.body, ec);
    if (ec) return {};
    const auto* id = manifest::find_at(body, probe.user_id_pointer);
    if (id == nullptr) return {};
    if (id->is_string()) return std::string(id->get_string());
    if (id->is_int64()) return std::to_string(id->get_int64());
    if (id->is_uint64()) return std::to_string(id->get_uint64());
    return {};
}

outcome check_probed_user(auth_context& ctx, const std::string& seen_user_id) {
    if (auto failure = read_record(ctx, true)) return *failure;
    const record::token_record current = ctx.store.view().record;
    if (current.user_id.empty() || current.user_id == seen_user_id) return outcome{};
    return record_reconnect_verdict(ctx, current.access_token, "user_changed",
                                    "the token now acts for user " + seen_user_id + ", not user " + current.user_id +
                                        " who authorized the connection");
}

}  // namespace tether::auth
