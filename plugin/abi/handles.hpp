// The definitions behind the C ABI's opaque handles. Only plugin/abi sees them.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "plugin/connector/connection.hpp"
#include "plugin/connector/connector.hpp"
#include "plugin/core/outcome.hpp"
#include "sdk_shim/include/tether/tether.h"

struct tether_connector {
    std::unique_ptr<tether::connector> impl;
};

struct tether_connection {
    std::unique_ptr<tether::connection> impl;
};

// An immutable outcome; the JSON renderings are built on first request, once, so concurrent readers are safe.
struct tether_result {
    explicit tether_result(tether::outcome o) : value(std::move(o)) {}

    tether::outcome value;

    mutable std::once_flag attempts_once;
    mutable std::string attempts_json;
    mutable std::once_flag json_once;
    mutable std::string json;

    // tether_webhook_receive's results: the answer to send and the event, read from the body on first request.
    struct webhook_answer {
        std::string kind;
        int status = 0;
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
        std::string event;
    };
    bool from_webhook = false;  // set once, before the result reaches the host
    mutable std::once_flag webhook_once;
    mutable webhook_answer webhook;
};
