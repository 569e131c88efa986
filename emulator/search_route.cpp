// GET /2.0/search?query=: case-insensitive search over the names and cell values of the sheets the user
// can see.
#include <algorithm>
#include <cctype>

#include "routes.hpp"

namespace tether::emulator::detail {

namespace {
bool contains_ignoring_case(std::string_view text, std::string_view needle) {
    auto lower = [](unsigned char c) { return std::tolower(c); };
    auto found = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                             [&](char a, char b) { return lower(a) == lower(b); });
    return found != text.end();
}
}  // namespace

reply search(request_context& ctx) {
    const std::string query = ctx.param("query");
    if (query.empty()) return ctx.error(400, 1009, {"query"});

    boost::json::array results;
    for (const auto& [id, sheet] : ctx.state.sheets) {
        if (!sheet_access_level(sheet, ctx.user_id)) continue;
        if (contains_ignoring_case(sheet.name, query))
            results.push_back(boost::json::object{{"objectType", "sheet"}, {"objectId", id}, {"text", sheet.name}});
        for (const row_record& row : sheet.rows)
            for (const cell_record& cell : row.cells)
                if (contains_ignoring_case(cell.value, query))
                    results.push_back(boost::json::object{{"objectType", "row"},
                                                          {"objectId", row.id},
                                                          {"parentObjectType", "sheet"},
                                                          {"parentObjectId", id},
                                                          {"parentObjectName", sheet.name},
                                                          {"text", cell.value}});
    }
    const auto total = results.size();
    return json_reply(200, boost::json::object{{"results", std::move(results)}, {"totalCount", total}});
}

}  // namespace tether::emulator::detail
