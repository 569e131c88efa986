// The answer a route computes, before the dispatcher adds the Date header and sends (or mangles) it.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace tether::emulator::detail {

struct reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

inline reply json_reply(int status, const boost::json::value& body) {
    return reply{status, boost::json::serialize(body), "application/json", {}};
}

// Smartsheet's envelope for successful writes: {"message":"SUCCESS","resultCode":0[,"result":…]}.
inline reply success_reply(boost::json::value result = nullptr) {
    boost::json::object body{{"message", "SUCCESS"}, {"resultCode", 0}};
    if (!result.is_null()) body["result"] = std::move(result);
    return json_reply(200, body);
}

}  // namespace tether::emulator::detail
