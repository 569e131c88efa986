// Smartsheet's two paging styles: offset (page, pageSize, includeAll) and token (paginationType=token,
// maxItems, lastKey).
#pragma once

#include "routes.hpp"

namespace tether::emulator::detail {

// {pageNumber,pageSize,totalPages,totalCount,data}. A page past the end returns the last page, as
// Smartsheet does; an unparsable page or pageSize is 400/1018.
reply offset_paged(request_context& ctx, boost::json::array items);

// {data[,lastKey]} over items sorted by their "id"; lastKey is present only when more items remain.
// An unparsable maxItems or lastKey is 400/1018.
reply token_paged(request_context& ctx, boost::json::array items);

}  // namespace tether::emulator::detail
