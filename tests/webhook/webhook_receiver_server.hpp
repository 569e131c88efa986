// A host's webhook endpoint for tests: an HTTP server on 127.0.0.1 that hands every POST to
// tether_webhook_receive and answers as the result says, remembering each request and its status.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "tether/tether.h"

namespace tether_test {

struct received_webhook {
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    tether_status status = TETHER_INTERNAL;
    std::string reason;
    std::string kind;
    std::string event;
};

// Hands `request` (its headers and exact body) to tether_webhook_receive, as a host's endpoint does.
tether_status receive_as_host(tether_connection* connection, const received_webhook& request,
                              std::int64_t replay_window_ms, tether_result** result);

class webhook_receiver_server {
public:
    // `answer_wrong_challenges`: echo a wrong value, as a subscriber that fails verification would.
    explicit webhook_receiver_server(tether_connection* connection, bool answer_wrong_challenges = false);
    ~webhook_receiver_server();
    webhook_receiver_server(const webhook_receiver_server&) = delete;
    webhook_receiver_server& operator=(const webhook_receiver_server&) = delete;

    std::string url() const;  // http://127.0.0.1:PORT/hooks/smartsheet
    std::vector<received_webhook> received() const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace tether_test
