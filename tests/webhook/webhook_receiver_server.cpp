// The test host's webhook endpoint: httplib on an ephemeral loopback port, tether deciding every answer.
#include "tests/webhook/webhook_receiver_server.hpp"

#include <httplib.h>

#include <stdexcept>
#include <thread>

namespace tether_test {

tether_status receive_as_host(tether_connection* connection, const received_webhook& request,
                              std::int64_t replay_window_ms, tether_result** result) {
    std::vector<tether_header> headers;
    for (const auto& [name, value] : request.headers) headers.push_back(tether_header{name.c_str(), value.c_str()});
    tether_webhook_request in = TETHER_WEBHOOK_REQUEST_INIT;
    in.headers = headers.data();
    in.header_count = headers.size();
    in.body = request.body.data();
    in.body_size = request.body.size();
    in.replay_window_ms = replay_window_ms;
    return tether_webhook_receive(connection, &in, result);
}

struct webhook_receiver_server::impl {
    tether_connection* connection = nullptr;
    bool wrong = false;
    httplib::Server server;
    std::thread thread;
    int port = 0;
    mutable std::mutex mutex;
    std::vector<received_webhook> received;

    void handle(const httplib::Request& req, httplib::Response& res) {
        received_webhook seen;
        for (const auto& [name, value] : req.headers) seen.headers.emplace_back(name, value);
        seen.body = req.body;
        tether_result* result = nullptr;
        seen.status = receive_as_host(connection, seen, 0, &result);
        seen.reason = tether_result_reason(result);
        seen.kind = tether_result_webhook_kind(result);
        seen.event = tether_result_webhook_event(result);
        res.status = tether_result_webhook_response_status(result);
        for (std::size_t i = 0; i < tether_result_webhook_response_header_count(result); ++i) {
            const std::string name = tether_result_webhook_response_header_name(result, i);
            const std::string value = tether_result_webhook_response_header_value(result, i);
            res.set_header(name, wrong && name == "Smartsheet-Hook-Response" ? value + "-wrong" : value);
        }
        size_t size = 0;
        const char* body = tether_result_webhook_response_body(result, &size);
        res.body = wrong ? std::string("{}") : std::string(body, size);
        tether_result_free(result);
        std::lock_guard lock(mutex);
        received.push_back(std::move(seen));
    }
};

webhook_receiver_server::webhook_receiver_server(tether_connection* connection, bool answer_wrong_challenges)
    : impl_(std::make_unique<impl>()) {
    impl_->connection = connection;
    impl_->wrong = answer_wrong_challenges;
    impl_->server.Post("/hooks/smartsheet",
                       [this](const httplib::Request& req, httplib::Response& res) { impl_->handle(req, res); });
    impl_->port = impl_->server.bind_to_any_port("127.0.0.1");
    if (impl_->port <= 0) throw std::runtime_error("webhook receiver: cannot bind 127.0.0.1");
    impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
    // stop() is a no-op until the server runs, so the destructor could not end a listen that starts late:
    // return only once it runs (a readiness wait, as the emulator's own constructor does, not a timing one).
    while (!impl_->server.is_running()) std::this_thread::yield();
}

webhook_receiver_server::~webhook_receiver_server() {
    impl_->server.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

std::string webhook_receiver_server::url() const {
    return "http://127.0.0.1:" + std::to_string(impl_->port) + "/hooks/smartsheet";
}

std::vector<received_webhook> webhook_receiver_server::received() const {
    std::lock_guard lock(impl_->mutex);
    return impl_->received;
}

}  // namespace tether_test
