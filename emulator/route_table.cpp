// Which handler serves which method and path, what authentication and scope it needs. Read it as the
// list of Smartsheet endpoints the emulator knows.
#include <array>
#include <charconv>

#include "routes.hpp"

namespace tether::emulator::detail {

namespace {
constexpr std::array routes{
    route{"GET", "/b/authorize", auth_rule::none, "", authorize},
    route{"POST", "/2.0/token", auth_rule::none, "", token_grant},
    route{"DELETE", "/2.0/token", auth_rule::bearer, "", token_revoke},
    route{"GET", "/2.0/users/me", auth_rule::bearer, "", get_current_user},
    route{"GET", "/2.0/sheets", auth_rule::bearer, "READ_SHEETS", list_sheets},
    route{"GET", "/2.0/sheets/{sheetId}", auth_rule::bearer, "READ_SHEETS", get_sheet},
    route{"POST", "/2.0/sheets/{sheetId}/rows", auth_rule::bearer, "WRITE_SHEETS", add_rows},
    route{"PUT", "/2.0/sheets/{sheetId}/rows", auth_rule::bearer, "WRITE_SHEETS", update_rows},
    route{"DELETE", "/2.0/sheets/{sheetId}/rows", auth_rule::bearer, "WRITE_SHEETS", delete_rows},
    route{"GET", "/2.0/workspaces", auth_rule::bearer, "READ_SHEETS", list_workspaces},
    route{"GET", "/2.0/search", auth_rule::bearer, "READ_SHEETS", search},
    route{"GET", "/2.0/webhooks", auth_rule::bearer, "ADMIN_WEBHOOKS", list_webhooks},
    route{"POST", "/2.0/webhooks", auth_rule::bearer, "ADMIN_WEBHOOKS", create_webhook},
    route{"GET", "/2.0/webhooks/{webhookId}", auth_rule::bearer, "ADMIN_WEBHOOKS", get_webhook},
    route{"PUT", "/2.0/webhooks/{webhookId}", auth_rule::bearer, "ADMIN_WEBHOOKS", update_webhook},
    route{"DELETE", "/2.0/webhooks/{webhookId}", auth_rule::bearer, "ADMIN_WEBHOOKS", delete_webhook},
    route{"POST", "/2.0/webhooks/{webhookId}/resetsharedsecret", auth_rule::bearer, "ADMIN_WEBHOOKS",
          reset_webhook_secret},
};

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) end = path.size();
        if (end > start) out.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    return out;
}

}  // namespace

bool path_matches(std::string_view pattern, std::string_view path, std::vector<std::int64_t>& ids) {
    const auto want = segments(pattern);
    const auto have = segments(path);
    if (want.size() != have.size()) return false;
    std::vector<std::int64_t> found;
    for (std::size_t i = 0; i < want.size(); ++i) {
        if (want[i].starts_with('{')) {
            std::int64_t id = 0;
            auto [end, ec] = std::from_chars(have[i].data(), have[i].data() + have[i].size(), id);
            if (ec != std::errc{} || end != have[i].data() + have[i].size()) return false;
            found.push_back(id);
        } else if (want[i] != have[i]) {
            return false;
        }
    }
    ids = std::move(found);
    return true;
}

route_match match_route(std::string_view method, std::string_view path) {
    route_match match;
    for (const route& r : routes) {
        std::vector<std::int64_t> ids;
        if (!path_matches(r.pattern, path, ids)) continue;
        match.path_exists = true;
        if (r.method != method) continue;
        match.found = &r;
        match.ids = std::move(ids);
        match.endpoint = std::string(method) + " " + std::string(r.pattern);
        return match;
    }
    match.endpoint = std::string(method) + " " + std::string(path);
    return match;
}

}  // namespace tether::emulator::detail
