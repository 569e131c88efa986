#include "cli/webhook_endpoint.hpp"

#include <httplib.h>

#include <iostream>
#include <mutex>

#include "cli/exit_codes.hpp"

namespace tether_cli {

int serve_webhook_endpoint_over_http(const webhook_endpoint& endpoint) {
    httplib::Server server;
    std::mutex output;
    server.Post(".*", [&](const httplib::Request& req, httplib::Response& res) {
        tether::sdk::connection::webhook_request request;
        for (const auto& [name, value] : req.headers) request.headers.emplace_back(name, value);
        request.body = req.body;
        request.shared_secret = endpoint.shared_secret;
        const auto r = endpoint.connection.receive_webhook(request);
        res.status = r.webhook_response_status();
        for (const auto& [name, value] : r.webhook_response_headers())
            res.set_header(std::string(name), std::string(value));
        res.body = std::string(r.webhook_response_body());
        std::lock_guard lock(output);
        if (r.ok() && r.webhook_kind() == "event")
            std::cout << r.webhook_event() << std::endl;
        else if (r.ok())
            std::cerr << "tether: answered the verification challenge" << std::endl;
        else
            std::cerr << "tether: refused (" << r.reason() << "): " << r.message() << std::endl;
    });
    const int bound = endpoint.port == 0
                          ? server.bind_to_any_port("127.0.0.1")
                          : (server.bind_to_port("127.0.0.1", endpoint.port) ? endpoint.port : -1);
    if (bound <= 0) {
        std::cerr << "tether: cannot listen on 127.0.0.1:" << endpoint.port << "\n";
        return exit_usage;
    }
    std::cerr << "tether: listening on http://127.0.0.1:" << bound << "/ (stop with Ctrl-C)" << std::endl;
    return server.listen_after_bind() ? exit_ok : exit_internal;
}

}  // namespace tether_cli
