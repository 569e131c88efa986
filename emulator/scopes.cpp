// Smartsheet's 17 OAuth scopes and the scope parameter's syntax.
#include "scopes.hpp"

#include <algorithm>
#include <array>

namespace tether::emulator::detail {

namespace {
constexpr std::array<std::string_view, 17> all_scopes{
    "ADMIN_SHEETS",  "ADMIN_SIGHTS",  "ADMIN_USERS",   "ADMIN_WEBHOOKS", "ADMIN_WORKSPACES", "CREATE_SHEETS",
    "CREATE_SIGHTS", "DELETE_SHEETS", "DELETE_SIGHTS", "READ_CONTACTS",  "READ_EVENTS",      "READ_SHEETS",
    "READ_SIGHTS",   "READ_USERS",    "SHARE_SHEETS",  "SHARE_SIGHTS",   "WRITE_SHEETS"};
}

bool is_known_scope(std::string_view scope) {
    return std::find(all_scopes.begin(), all_scopes.end(), scope) != all_scopes.end();
}

std::optional<std::vector<std::string>> parse_scopes(std::string_view text) {
    std::vector<std::string> scopes;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find_first_of(" +,", start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view name = text.substr(start, end - start);
        if (!name.empty()) {
            if (!is_known_scope(name)) return std::nullopt;
            if (!has_scope(scopes, name)) scopes.emplace_back(name);
        }
        start = end + 1;
    }
    if (scopes.empty()) return std::nullopt;
    return scopes;
}

bool has_scope(const std::vector<std::string>& granted, std::string_view wanted) {
    return std::find(granted.begin(), granted.end(), wanted) != granted.end();
}

}  // namespace tether::emulator::detail
