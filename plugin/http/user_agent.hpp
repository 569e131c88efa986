// The User-Agent every request of a connector carries, "tether/<version> (+<connector name>)" and the
// manifest's suffix, set by a transport wrapper so that no request path can forget it.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "plugin/http/http_client.hpp"

namespace tether::http {

// "tether/1.2.0-dev (+smartsheet)", then " " and `suffix` when there is one.
std::string user_agent(std::string_view connector_name, std::string_view suffix);

// Whether a header is a User-Agent (names compare case-insensitively).
bool is_user_agent(const header& h);

// Sends through `inner` with the User-Agent set (replacing one the request already had).
class identified_client final : public client {
public:
    identified_client(std::unique_ptr<client> inner, std::string user_agent)
        : inner_(std::move(inner)), user_agent_(std::move(user_agent)) {}
    response send(const request& req) override;

private:
    std::unique_ptr<client> inner_;
    const std::string user_agent_;
};

}  // namespace tether::http
