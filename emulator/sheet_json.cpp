// Sheets and rows rendered as Smartsheet's JSON, and the sharing check every sheet route starts with.
#include "sheet_json.hpp"

#include <algorithm>

#include "clock.hpp"

namespace tether::emulator::detail {

boost::json::object sheet_summary_json(const sheet_record& sheet, std::string_view access_level) {
    return boost::json::object{{"id", sheet.id},
                               {"name", sheet.name},
                               {"accessLevel", access_level},
                               {"permalink", "https://app.smartsheet.com/sheets/" + std::to_string(sheet.id)},
                               {"createdAt", format_iso8601(sheet.created_at)},
                               {"modifiedAt", format_iso8601(sheet.modified_at)}};
}

boost::json::object row_json(const sheet_record& sheet, const row_record& row) {
    const auto at =
        std::find_if(sheet.rows.begin(), sheet.rows.end(), [&](const row_record& r) { return r.id == row.id; });
    boost::json::array cells;
    for (const cell_record& cell : row.cells)
        cells.push_back(
            boost::json::object{{"columnId", cell.column_id}, {"value", cell.value}, {"displayValue", cell.value}});
    return boost::json::object{{"id", row.id},
                               {"sheetId", sheet.id},
                               {"rowNumber", at - sheet.rows.begin() + 1},
                               {"cells", cells},
                               {"createdAt", format_iso8601(row.created_at)},
                               {"modifiedAt", format_iso8601(row.modified_at)}};
}

boost::json::object sheet_json(const sheet_record& sheet, std::string_view access_level) {
    boost::json::object body = sheet_summary_json(sheet, access_level);
    boost::json::array columns;
    for (std::size_t i = 0; i < sheet.columns.size(); ++i) {
        const column_record& column = sheet.columns[i];
        columns.push_back(boost::json::object{{"id", column.id},
                                              {"index", i},
                                              {"title", column.title},
                                              {"type", "TEXT_NUMBER"},
                                              {"primary", column.primary}});
    }
    boost::json::array rows;
    for (const row_record& row : sheet.rows) rows.push_back(row_json(sheet, row));
    body["version"] = sheet.version;
    body["totalRowCount"] = sheet.rows.size();
    body["columns"] = std::move(columns);
    body["rows"] = std::move(rows);
    return body;
}

opened_sheet open_sheet(request_context& ctx, std::int64_t sheet_id) {
    auto it = ctx.state.sheets.find(sheet_id);
    if (it == ctx.state.sheets.end()) return {nullptr, "", ctx.error(404, 1006)};
    // A valid token whose user the sheet is not shared with: 403, which no refresh will fix.
    auto level = sheet_access_level(it->second, ctx.user_id);
    if (!level) return {nullptr, "", ctx.error(403, 1004)};
    return {&it->second, *level, std::nullopt};
}

}  // namespace tether::emulator::detail
