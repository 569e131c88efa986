// GET /2.0/users/me: the token's user. Works with any scope, which makes it the health probe.
#include "routes.hpp"

namespace tether::emulator::detail {

reply get_current_user(request_context& ctx) {
    const user_record& user = ctx.state.users.at(ctx.user_id);
    return json_reply(200,
                      boost::json::object{{"id", user.id},
                                          {"email", user.email},
                                          {"firstName", user.first_name},
                                          {"lastName", user.last_name},
                                          {"locale", "en_US"},
                                          {"timeZone", "UTC"},
                                          {"account", boost::json::object{{"id", 1}, {"name", "Emulated Account"}}},
                                          {"admin", false},
                                          {"licensedSheetCreator", true}});
}

}  // namespace tether::emulator::detail
