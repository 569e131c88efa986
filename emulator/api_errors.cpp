// Smartsheet's error codes: their documented messages, and for the token endpoint their HTTP status and
// OAuth error name. Where the documentation gives no status the choice follows RFC 6749 §5.2.
#include "api_errors.hpp"

#include <map>

namespace tether::emulator::detail {

namespace {
const std::map<int, std::string_view> messages{
    {1001, "An Access Token is required."},
    {1002, "Your Access Token is invalid."},
    {1003, "Your Access Token has expired."},
    {1004, "You are not authorized to perform this action."},
    {1005, "Single Sign-On is required for this account."},
    {1006, "Not Found."},
    {1008, "Unable to parse request. The following error occurred: {0}"},
    {1009, "A required parameter is missing from your request: {0}."},
    {1010, "HTTP Method not supported."},
    {1012, "A required object attribute is missing from your request: {0}."},
    {1014, "There are no licenses available on your account."},
    {1018, "The value {0} was not valid for the parameter {1}."},
    {1067, "Invalid client_id"},
    {1068, "Invalid grant type."},
    {1069, "Invalid Request. The authorization code has expired."},
    {1070, "Invalid Request. Required parameter is missing: {0}."},
    {1071, "Invalid Grant. The authorization code or refresh token provided was invalid."},
    {1072, "Invalid hash value. The hash provided did not match the expected value."},
    {1073, "The redirect_uri did not match the expected value."},
    {1132, "The token provided has previously been revoked."},
    {1151, "Scope '{0}', object id {1} was not found."},
    {1152, "Only URLs with a protocol of 'https' are supported for attribute '{0}'."},
    {1236, "Either hash or client_secret must be provided."},
    {1237, "Only one of hash or client_secret may be provided."},
    {1238, "Invalid client_secret."},
    {4000, "An unexpected error has occurred. Please contact the Support team for assistance."},
    {4001, "Smartsheet.com is currently offline for system maintenance. Please check back again shortly."},
    {4002, "Server timeout exceeded. Request has failed."},
    {4003, "Rate limit exceeded."},
    {4004,
     "An unexpected error has occurred. Please retry your request. "
     "If you encounter this error repeatedly, please contact the Support team for assistance."},
    {4005, "API version retired."},
};

struct token_error_shape {
    int status;
    std::string_view oauth_error;
};

const std::map<int, token_error_shape> token_errors{
    {1067, {401, "invalid_client"}},          // unknown client_id
    {1068, {400, "unsupported_grant_type"}},  // grant_type is neither authorization_code nor refresh_token
    {1069, {400, "invalid_grant"}},           // the code's TTL ran out
    {1070, {400, "invalid_request"}},         // a required parameter is missing
    {1071, {400, "invalid_grant"}},           // code or refresh token unknown, already used (rotated)
    {1072, {400, "invalid_grant"}},           // hash does not match secret|code-or-refresh-token
    {1073, {400, "invalid_grant"}},           // redirect_uri differs from the registered one
    {1132, {401, "invalid_grant"}},           // the refresh token was revoked (DELETE /2.0/token, app revoked)
    {1236, {400, "invalid_request"}},         // neither hash nor client_secret
    {1237, {400, "invalid_request"}},         // both hash and client_secret
    {1238, {401, "invalid_client"}},          // client_secret is wrong
};

boost::json::object error_body(int error_code, random_source& random, const std::vector<std::string>& details) {
    return boost::json::object{
        {"errorCode", error_code}, {"message", error_message(error_code, details)}, {"refId", random.ref_id()}};
}
}  // namespace

std::string error_message(int error_code, const std::vector<std::string>& details) {
    auto it = messages.find(error_code);
    std::string text = it == messages.end() ? "Error " + std::to_string(error_code) + "." : std::string(it->second);
    for (std::size_t i = 0; i < details.size(); ++i) {
        const std::string placeholder = "{" + std::to_string(i) + "}";
        if (auto at = text.find(placeholder); at != std::string::npos) text.replace(at, placeholder.size(), details[i]);
    }
    return text;
}

reply api_error(int status, int error_code, random_source& random, const std::vector<std::string>& details) {
    return json_reply(status, error_body(error_code, random, details));
}

reply token_error(int error_code, random_source& random, const std::vector<std::string>& details) {
    const token_error_shape& shape = token_errors.at(error_code);
    boost::json::object body = error_body(error_code, random, details);
    body["error"] = shape.oauth_error;
    return json_reply(shape.status, body);
}

}  // namespace tether::emulator::detail
