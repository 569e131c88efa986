// POST / PUT / DELETE /2.0/sheets/{sheetId}/rows: adding, updating and deleting rows. Needs WRITE_SHEETS
// (checked by the route table) and an editing share on the sheet. A request is checked whole before
// anything changes, so a 400 leaves the sheet as it was.
#include <algorithm>
#include <charconv>

#include "json_body.hpp"
#include "sheet_json.hpp"
#include "webhook_delivery.hpp"

namespace tether::emulator::detail {

namespace {
// The sheet, if the user may change its rows; else the refusal.
opened_sheet open_for_editing(request_context& ctx) {
    opened_sheet opened = open_sheet(ctx, ctx.ids.at(0));
    if (!opened.refusal && !can_edit_rows(opened.access_level)) opened.refusal = ctx.error(403, 1004);
    return opened;
}

// Cells from a row's "cells" attribute, or the error reply.
struct parsed_cells {
    std::vector<cell_record> cells;
    std::optional<reply> error;
};

parsed_cells cells_of(request_context& ctx, const sheet_record& sheet, const boost::json::value& cells_json) {
    const auto* cells = cells_json.if_array();
    if (cells == nullptr) return {{}, ctx.error(400, 1008, {"cells must be an array"})};
    parsed_cells out;
    for (const auto& cell_json : *cells) {
        const auto* cell = cell_json.if_object();
        if (cell == nullptr || !cell->contains("columnId")) return {{}, missing_attribute(ctx, "cell.columnId")};
        const auto column_id = as_id(cell->at("columnId"));
        const bool known = column_id && std::any_of(sheet.columns.begin(), sheet.columns.end(),
                                                    [&](const column_record& c) { return c.id == *column_id; });
        if (!known) return {{}, ctx.error(400, 1018, {scalar_text(cell->at("columnId")), "columnId"})};
        out.cells.push_back(cell_record{*column_id, cell->contains("value") ? scalar_text(cell->at("value")) : ""});
    }
    return out;
}

reply rows_result(sheet_record& sheet, const std::vector<std::int64_t>& row_ids) {
    boost::json::array result;
    for (std::int64_t id : row_ids)
        for (const row_record& row : sheet.rows)
            if (row.id == id) result.push_back(row_json(sheet, row));
    boost::json::object body{{"message", "SUCCESS"}, {"resultCode", 0}, {"version", sheet.version}, {"result", result}};
    return json_reply(200, body);
}

void touch(sheet_record& sheet, emulator_time now) {
    ++sheet.version;
    sheet.modified_at = now;
}
}  // namespace

reply add_rows(request_context& ctx) {
    opened_sheet opened = open_for_editing(ctx);
    if (opened.refusal) return *opened.refusal;
    sheet_record& sheet = *opened.sheet;
    parsed_body body = parse_json_body(ctx);
    if (body.error) return *body.error;
    const auto rows = objects_of(body.value);
    if (!rows) return ctx.error(400, 1008, {"expected a row object or an array of rows"});

    std::vector<std::vector<cell_record>> new_rows;
    for (const boost::json::object* row : *rows) {
        if (!row->contains("cells")) return missing_attribute(ctx, "row.cells");
        parsed_cells cells = cells_of(ctx, sheet, row->at("cells"));
        if (cells.error) return *cells.error;
        new_rows.push_back(std::move(cells.cells));
    }
    std::vector<std::int64_t> ids;
    for (auto& cells : new_rows) {
        ids.push_back(ctx.state.next_row_id++);
        sheet.rows.push_back(row_record{ids.back(), std::move(cells), ctx.now(), ctx.now()});
    }
    touch(sheet, ctx.now());
    queue_row_events(ctx.state, sheet, "created", ids, ctx.user_id);
    return rows_result(sheet, ids);
}

reply update_rows(request_context& ctx) {
    opened_sheet opened = open_for_editing(ctx);
    if (opened.refusal) return *opened.refusal;
    sheet_record& sheet = *opened.sheet;
    parsed_body body = parse_json_body(ctx);
    if (body.error) return *body.error;
    const auto rows = objects_of(body.value);
    if (!rows) return ctx.error(400, 1008, {"expected a row object or an array of rows"});

    std::vector<std::pair<row_record*, std::vector<cell_record>>> updates;
    for (const boost::json::object* row : *rows) {
        if (!row->contains("id")) return missing_attribute(ctx, "row.id");
        const auto id = as_id(row->at("id"));
        if (!id) return ctx.error(400, 1018, {scalar_text(row->at("id")), "id"});
        auto target =
            std::find_if(sheet.rows.begin(), sheet.rows.end(), [&](const row_record& r) { return r.id == *id; });
        if (target == sheet.rows.end()) return ctx.error(404, 1006);
        parsed_cells cells{};
        if (row->contains("cells")) cells = cells_of(ctx, sheet, row->at("cells"));
        if (cells.error) return *cells.error;
        updates.emplace_back(&*target, std::move(cells.cells));
    }
    std::vector<std::int64_t> ids;
    for (auto& [row, cells] : updates) {
        for (const cell_record& cell : cells) {
            auto existing = std::find_if(row->cells.begin(), row->cells.end(),
                                         [&](const cell_record& c) { return c.column_id == cell.column_id; });
            if (existing != row->cells.end())
                existing->value = cell.value;
            else
                row->cells.push_back(cell);
        }
        row->modified_at = ctx.now();
        ids.push_back(row->id);
    }
    touch(sheet, ctx.now());
    queue_row_events(ctx.state, sheet, "updated", ids, ctx.user_id);
    return rows_result(sheet, ids);
}

reply delete_rows(request_context& ctx) {
    opened_sheet opened = open_for_editing(ctx);
    if (opened.refusal) return *opened.refusal;
    sheet_record& sheet = *opened.sheet;
    if (!ctx.has_param("ids") || ctx.param("ids").empty()) return ctx.error(400, 1009, {"ids"});

    const std::string list = ctx.param("ids");
    std::vector<std::int64_t> ids;
    for (std::size_t start = 0; start <= list.size();) {
        std::size_t end = std::min(list.find(',', start), list.size());
        std::int64_t id = 0;
        auto [ptr, ec] = std::from_chars(list.data() + start, list.data() + end, id);
        if (ec != std::errc{} || ptr != list.data() + end) return ctx.error(400, 1018, {list, "ids"});
        ids.push_back(id);
        start = end + 1;
    }
    for (std::int64_t id : ids)
        if (std::none_of(sheet.rows.begin(), sheet.rows.end(), [&](const row_record& r) { return r.id == id; }))
            return ctx.error(404, 1006);
    std::erase_if(sheet.rows,
                  [&](const row_record& r) { return std::find(ids.begin(), ids.end(), r.id) != ids.end(); });
    touch(sheet, ctx.now());
    queue_row_events(ctx.state, sheet, "deleted", ids, ctx.user_id);
    boost::json::array result;
    for (std::int64_t id : ids) result.push_back(id);
    return success_reply(std::move(result));
}

}  // namespace tether::emulator::detail
