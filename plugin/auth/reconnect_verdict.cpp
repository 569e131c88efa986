// The verdict that only a human can fix a connection's grant.
#include "plugin/auth/reconnect_verdict.hpp"

#include <optional>

#include "plugin/auth/record_changes.hpp"
#include "plugin/host/log.hpp"

namespace tether::auth {

outcome record_reconnect_verdict(auth_context& ctx, const std::string& judged, const std::string& reason,
                                 const std::string& detail) {
    const auto result = ctx.store.update(reconnect_required(judged, reason, detail, ctx.provider_now()),
                                         {record::durability::must_keep, false, "the reconnect verdict"});
    const auto& now = result.record;
    if (!result.applied && now.state == record::connection_state::authorized && now.access_token != judged) {
        log_event(ctx.host, log_level::info, ctx.connection_id, "refresh",
                  "not reconnect ({}): the record holds newer tokens of a sibling", reason);
        outcome adopted;
        adopted.reason = "adopted";
        return adopted;
    }
    if (!result.applied && now.state != record::connection_state::authorized)
        return not_usable(ctx, now);  // an earlier verdict stands, or the grant was revoked meanwhile
    log_event(ctx.host, log_level::warn, ctx.connection_id, "refresh", "reconnect required ({}): {}", reason, detail);
    return outcome::failure(status::reconnect_required, reason, detail);
}

outcome not_usable(const auth_context& ctx, const record::token_record& r) {
    if (r.state == record::connection_state::reconnect_required)
        return outcome::failure(status::reconnect_required, r.reconnect_reason,
                                r.reconnect_detail.empty() ? "the connection must be re-authorized"
                                                           : r.reconnect_detail);
    return outcome::failure(status::reconnect_required, "not_authorized",
                            "connection '" + ctx.connection_id + "' has not been authorized yet");
}

std::optional<outcome> read_record(auth_context& ctx, bool only_if_stale) {
    auto failure = only_if_stale ? ctx.store.ensure_loaded() : ctx.store.load();
    if (!failure) return std::nullopt;
    const auto verdict = ctx.store.with_view([&](const record::record_view& v) -> std::optional<outcome> {
        if (v.unsaved && v.record.state == record::connection_state::reconnect_required)
            return not_usable(ctx, v.record);
        return std::nullopt;
    });
    return verdict ? verdict : failure;
}

}  // namespace tether::auth
