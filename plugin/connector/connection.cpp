// The verbs of a connection. Until the auth, call and health engines land, each verb reports clearly that
// it is not implemented rather than pretending to work.
#include "plugin/connector/connection.hpp"

#include <string_view>

namespace tether {

namespace {

outcome not_implemented(std::string_view verb) {
    return outcome::failure(status::internal, "not_implemented",
                            std::string(verb) + " is not implemented in this build of tether");
}

}  // namespace

outcome connection::authorize_begin() { return not_implemented("authorize_begin"); }
outcome connection::authorize_complete(const authorize_params&) { return not_implemented("authorize_complete"); }
outcome connection::authorize_with_token(const std::string&) { return not_implemented("authorize_with_token"); }
outcome connection::refresh(bool) { return not_implemented("refresh"); }
outcome connection::call(const call_request&) { return not_implemented("call"); }
outcome connection::health(bool, bool) { return not_implemented("health"); }
outcome connection::revoke() { return not_implemented("revoke"); }

}  // namespace tether
