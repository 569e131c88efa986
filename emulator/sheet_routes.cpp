// GET /2.0/sheets (the sheets the user can see, offset-paged) and GET /2.0/sheets/{sheetId}.
#include "paging.hpp"
#include "sheet_json.hpp"

namespace tether::emulator::detail {

reply list_sheets(request_context& ctx) {
    boost::json::array items;
    for (const auto& [id, sheet] : ctx.state.sheets)
        if (auto level = sheet_access_level(sheet, ctx.user_id)) items.push_back(sheet_summary_json(sheet, *level));
    return offset_paged(ctx, std::move(items));
}

reply get_sheet(request_context& ctx) {
    opened_sheet opened = open_sheet(ctx, ctx.ids.at(0));
    if (opened.refusal) return *opened.refusal;
    return json_reply(200, sheet_json(*opened.sheet, opened.access_level));
}

}  // namespace tether::emulator::detail
