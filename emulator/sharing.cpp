// Who may see and change a sheet: its owner, and the users it is shared with at their access level.
#include "state.hpp"

namespace tether::emulator::detail {

std::optional<std::string> sheet_access_level(const sheet_record& sheet, std::int64_t user_id) {
    if (sheet.owner_id == user_id) return "OWNER";
    if (auto it = sheet.shares.find(user_id); it != sheet.shares.end()) return it->second;
    return std::nullopt;
}

bool can_edit_rows(std::string_view access_level) {
    return access_level == "OWNER" || access_level == "ADMIN" || access_level == "EDITOR_SHARE" ||
           access_level == "EDITOR";
}

}  // namespace tether::emulator::detail
