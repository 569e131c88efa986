// The User-Agent of every request.
#include "plugin/http/user_agent.hpp"

#include <algorithm>

namespace tether::http {

bool is_user_agent(const header& h) {
    constexpr std::string_view name = "user-agent";
    return h.name.size() == name.size() && std::equal(name.begin(), name.end(), h.name.begin(), [](char a, char b) {
               return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
           });
}

std::string user_agent(std::string_view connector_name, std::string_view suffix) {
    std::string agent = "tether/" TETHER_VERSION_STRING " (+";
    agent.append(connector_name).append(")");
    if (!suffix.empty()) agent.append(" ").append(suffix);
    return agent;
}

response client::send_as(const request& req, std::string_view agent) {
    request identified = req;
    std::erase_if(identified.headers, is_user_agent);
    identified.headers.push_back({"User-Agent", std::string(agent)});
    return send(identified);
}

response identified_client::send(const request& req) { return inner_->send_as(req, user_agent_); }

}  // namespace tether::http
