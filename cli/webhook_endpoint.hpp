// The HTTP endpoint of `tether webhook serve`. Its server (webhook_endpoint.cpp, cpp-httplib) is linked only into
// the helper program tether-webhook-serve, whose main sets `serve_webhook_endpoint`; in `tether` it stays null,
// and the command starts that helper instead (helper_program.hpp says why).
#pragma once

#include <optional>
#include <string>

#include "tether/tether.hpp"

namespace tether_cli {

struct webhook_endpoint {
    tether::sdk::connection& connection;
    std::optional<std::string> shared_secret;  // TETHER_WEBHOOK_SECRET, when set
    int port = 0;                              // 0: any free port
};

// Answers each POST with the connection's tether_webhook_receive until stopped; prints each accepted event as a
// JSON line on standard output and each refusal on standard error. Returns the exit code.
extern int (*serve_webhook_endpoint)(const webhook_endpoint& endpoint);

// The cpp-httplib implementation, defined in webhook_endpoint.cpp.
int serve_webhook_endpoint_over_http(const webhook_endpoint& endpoint);

}  // namespace tether_cli
