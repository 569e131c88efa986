// Sheets and rows as Smartsheet's JSON shows them, and opening a sheet on behalf of a token's user
// (404/1006 unknown, 403/1004 not shared).
#pragma once

#include <optional>

#include "routes.hpp"

namespace tether::emulator::detail {

boost::json::object sheet_summary_json(const sheet_record& sheet, std::string_view access_level);
boost::json::object sheet_json(const sheet_record& sheet, std::string_view access_level);
boost::json::object row_json(const sheet_record& sheet, const row_record& row);

// The sheet with this id as the request's user sees it, or the refusal to send.
struct opened_sheet {
    sheet_record* sheet = nullptr;
    std::string access_level;
    std::optional<reply> refusal;
};
opened_sheet open_sheet(request_context& ctx, std::int64_t sheet_id);

}  // namespace tether::emulator::detail
