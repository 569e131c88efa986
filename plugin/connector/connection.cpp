// The verbs of a connection: authorization and refresh go to the token keeper; calls run through the call
// pipeline; health is not built yet and says so.
#include "plugin/connector/connection.hpp"

#include <string_view>

#include "plugin/call/call_pipeline.hpp"

namespace tether {

namespace {

outcome not_implemented(std::string_view verb) {
    return outcome::failure(status::internal, "not_implemented",
                            std::string(verb) + " is not implemented in this build of tether");
}

}  // namespace

outcome connection::authorize_begin() { return keeper_.begin_authorization(); }

outcome connection::authorize_complete(const authorize_params& params) {
    return keeper_.complete_authorization(auth::authorization_response{params.callback_url, params.code, params.state});
}

outcome connection::authorize_with_token(const std::string& access_token) {
    return keeper_.store_api_token(access_token);
}

outcome connection::refresh(bool force) { return keeper_.refresh(force); }

outcome connection::call(const call_request& request) {
    return run_call(call::call_context{id_, connector_.manifest(), settings_, connector_.host(), connector_.http(),
                                       connector_.skew(), keeper_,
                                       connector_.circuits().for_api_base(settings_.api_base)},
                    request);
}

outcome connection::health(bool, bool) { return not_implemented("health"); }

outcome connection::revoke() { return keeper_.revoke(); }

}  // namespace tether
