// GET /2.0/workspaces: the workspaces the user is a member of. Token paging with paginationType=token
// (what Smartsheet now asks for); the older offset paging otherwise.
#include "paging.hpp"

namespace tether::emulator::detail {

reply list_workspaces(request_context& ctx) {
    boost::json::array items;
    for (const auto& [id, workspace] : ctx.state.workspaces)
        if (workspace.members.contains(ctx.user_id))
            items.push_back(
                boost::json::object{{"id", workspace.id},
                                    {"name", workspace.name},
                                    {"accessLevel", "EDITOR"},
                                    {"permalink", "https://app.smartsheet.com/workspaces/" + std::to_string(id)}});
    if (ctx.param("paginationType") == "token") return token_paged(ctx, std::move(items));
    return offset_paged(ctx, std::move(items));
}

}  // namespace tether::emulator::detail
