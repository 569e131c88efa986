// The User-Agent of every request.
#include "plugin/http/user_agent.hpp"

#include <algorithm>

namespace tether::http {

namespace {

bool is_user_agent(const header& h) {
    constexpr std::string_view name = "user-agent";
    return h.name.size() == name.size() && std::equal(name.begin(), name.end(), h.name.begin(), [](char a, char b) {
               return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
           });
}

}  // namespace

std::string user_agent(std::string_view connector_name, std::string_view suffix) {
    std::string agent = "tether/" TETHER_VERSION_STRING " (+";
    agent.append(connector_name).append(")");
    if (!suffix.empty()) agent.append(" ").append(suffix);
    return agent;
}

response identified_client::send(const request& req) {
    request identified = req;
    std::erase_if(identified.headers, is_user_agent);
    identified.headers.push_back({"User-Agent", user_agent_});
    return inner_->send(identified);
}

}  // namespace tether::http
