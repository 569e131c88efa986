// The libcurl transport against the local emulator: handles are pooled (none allocated per request in the
// steady state, each going back to the thread that used it last), headers with line breaks are refused before sending, timeouts are reported as such, error
// text never carries a request header, answers past their caps are aborted (a gzip bomb, a huge header) and
// redirects are never followed.
#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "plugin/core/redact.hpp"
#include "plugin/http/curl_client.hpp"
#include "emulator/smartsheet_emulator.hpp"

namespace http = tether::http;
namespace emu = tether::emulator;

namespace {

// /users/me answers a gzip body that inflates to `inflated_bytes`, once.
void bomb_users_me(emu::smartsheet_emulator& emulator, std::int64_t inflated_bytes) {
    emu::fault_rule bomb;
    bomb.kind = emu::fault_kind::gzip_bomb;
    bomb.path = "/2.0/users/me";
    bomb.inflated_bytes = inflated_bytes;
    emulator.add_fault(bomb);
}

http::request get(const std::string& url, const std::string& bearer) {
    http::request req;
    req.url = url;
    req.headers.push_back({"Accept", "application/json"});
    req.headers.push_back({"Authorization", "Bearer " + bearer});
    return req;
}

}  // namespace

TEST_CASE("sequential requests reuse one pooled handle") {
    emu::smartsheet_emulator emulator;
    emulator.add_user(1, "a@example.com");
    const auto pair = emulator.issue_tokens(1, {"READ_SHEETS"});
    auto transport = http::make_curl_client();
    for (int i = 0; i < 25; ++i) {
        const auto r = transport->send(get(emulator.api_base() + "/users/me", pair.access_token));
        REQUIRE(r.ok());
        CHECK(r.status == 200);
        CHECK(r.find_header("date") != nullptr);
    }
    CHECK(http::curl_handles_created(*transport) == 1);
    CHECK(emulator.count("GET /2.0/users/me") == 25);
}

TEST_CASE("concurrent requests create at most one handle per request in flight, then reuse them") {
    emu::smartsheet_emulator emulator;
    emulator.add_user(1, "a@example.com");
    const auto pair = emulator.issue_tokens(1, {"READ_SHEETS"});
    auto transport = http::make_curl_client();
    std::atomic<int> ok{0};
    for (int round = 0; round < 3; ++round) {
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int i = 0; i < 5; ++i)
                    if (transport->send(get(emulator.api_base() + "/users/me", pair.access_token)).status == 200) ++ok;
            });
        for (auto& t : threads) t.join();
    }
    CHECK(ok == 60);
    CHECK(http::curl_handles_created(*transport) >= 1);
    CHECK(http::curl_handles_created(*transport) <= 4);
}

// A server that notes which client port each request came from, and holds the requests of /hold until two
// are in flight (so that two handles, two connections, exist). /echo notes each request's method, body and
// Authorization header (redacted).
struct port_recording_server {
    httplib::Server server;
    std::thread thread;
    int port = 0;
    std::mutex mutex;
    std::condition_variable changed;
    int holding = 0;
    std::map<std::string, std::vector<int>> ports_by_caller;
    std::vector<std::string> echoed;  // "METHOD body=<body> auth=<Authorization>", in order

    port_recording_server() {
        auto note = [this](const httplib::Request& req) {
            std::lock_guard lock(mutex);
            ports_by_caller[req.get_param_value("caller")].push_back(req.remote_port);
        };
        server.Get("/hold", [this, note](const httplib::Request& req, httplib::Response& res) {
            note(req);
            std::unique_lock lock(mutex);
            ++holding;
            changed.notify_all();
            changed.wait(lock, [this] { return holding >= 2; });
            res.set_content("{}", "application/json");
        });
        server.Get("/plain", [note](const httplib::Request& req, httplib::Response& res) {
            note(req);
            res.set_content("{}", "application/json");
        });
        auto echo = [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard lock(mutex);
            // The bearer only as tether may ever show it: its last characters.
            const std::string bearer = tether::redact(req.get_header_value("Authorization"));
            echoed.push_back(req.method + " body=" + req.body + " auth=" + bearer);
            res.set_content("{}", "application/json");
        };
        server.Get("/echo", echo);
        server.Post("/echo", echo);
        server.set_keep_alive_max_count(100);  // httplib closes a connection after 5 requests by default
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::yield();
    }
    ~port_recording_server() {
        server.stop();
        thread.join();
    }
    std::string url(const std::string& path, const std::string& caller) const {
        return "http://127.0.0.1:" + std::to_string(port) + path + "?caller=" + caller;
    }
};

TEST_CASE("a thread gets back the handle (and keep-alive connection) it used last, not another thread's") {
    port_recording_server server;
    auto transport = http::make_curl_client();
    // Two threads take turns: a, b, a, b, ... Handed out newest-first, b would take the handle a just gave back.
    std::mutex turn_mutex;
    std::condition_variable turn_changed;
    int turn = 0;
    // Catch2 assertions are not thread-safe: the threads record each status, the test checks them after join.
    std::vector<int> statuses_a, statuses_b;
    auto caller = [&](const std::string& name, int first_turn, std::vector<int>& statuses) {
        statuses.push_back(transport->send(get(server.url("/hold", name), "t")).status);
        for (int my_turn = first_turn; my_turn < 10; my_turn += 2) {
            std::unique_lock lock(turn_mutex);
            turn_changed.wait(lock, [&] { return turn == my_turn; });
            lock.unlock();
            statuses.push_back(transport->send(get(server.url("/plain", name), "t")).status);
            lock.lock();
            ++turn;
            turn_changed.notify_all();
        }
    };
    std::thread a(caller, "a", 0, std::ref(statuses_a));
    std::thread b(caller, "b", 1, std::ref(statuses_b));
    a.join();
    b.join();
    CHECK(statuses_a == std::vector<int>(6, 200));
    CHECK(statuses_b == std::vector<int>(6, 200));
    REQUIRE(http::curl_handles_created(*transport) == 2);
    std::lock_guard lock(server.mutex);
    for (const auto& [name, ports] : server.ports_by_caller) {
        INFO("caller " << name);
        REQUIRE(ports.size() == 6);
        for (int port : ports) CHECK(port == ports.front());
    }
    CHECK(server.ports_by_caller["a"].front() != server.ports_by_caller["b"].front());
}

TEST_CASE("one handle, request after request: a new bearer is sent, a GET after a POST is a GET without body") {
    port_recording_server server;
    auto transport = http::make_curl_client();
    const std::string url = "http://127.0.0.1:" + std::to_string(server.port) + "/echo";
    REQUIRE(transport->send(get(url, "token-AAA111")).status == 200);
    REQUIRE(transport->send(get(url, "token-AAA111")).status == 200);  // the header list kept as it is
    REQUIRE(transport->send(get(url, "token-BBB222")).status == 200);  // rebuilt: another line
    http::request post = get(url, "token-BBB222");
    post.method = "POST";
    post.headers.push_back({"Content-Type", "application/json"});
    post.body = std::string(R"({"x":1})");
    REQUIRE(transport->send(post).status == 200);
    REQUIRE(transport->send(get(url, "token-BBB222")).status == 200);
    CHECK(http::curl_handles_created(*transport) == 1);
    std::lock_guard lock(server.mutex);
    const std::string first = " auth=" + tether::redact("Bearer token-AAA111");   // "…AAA111"
    const std::string second = " auth=" + tether::redact("Bearer token-BBB222");  // "…BBB222"
    CHECK(server.echoed == std::vector<std::string>{"GET body=" + first, "GET body=" + first, "GET body=" + second,
                                                    R"(POST body={"x":1})" + second, "GET body=" + second});
}

TEST_CASE("a header value with CR, LF or NUL is refused before anything is sent") {
    emu::smartsheet_emulator emulator;
    auto transport = http::make_curl_client();
    for (const std::string& bad : {std::string("x\r\nX-Injected: 1"), std::string("x\ny"), std::string("x\0y", 3)}) {
        auto req = get(emulator.api_base() + "/users/me", "token");
        req.headers.push_back({"X-Trace", bad});
        const auto r = transport->send(req);
        CHECK(r.error == http::transport_error::refused_header);
        CHECK(r.certainly_not_sent());
    }
    auto named = get(emulator.api_base() + "/users/me", "token");
    named.headers.push_back({"X-Bad\r\nName", "v"});
    CHECK(transport->send(named).error == http::transport_error::refused_header);
    CHECK(emulator.request_log().empty());
}

TEST_CASE("a URL that is not https or loopback http is refused before anything is sent") {
    auto transport = http::make_curl_client();
    for (const char* url : {"http://example.com/2.0/users/me", "ftp://127.0.0.1/x", "file:///etc/passwd"}) {
        auto r = transport->send(get(url, "token"));
        CHECK(r.error == http::transport_error::refused_url);
        CHECK(r.certainly_not_sent());
    }
    CHECK(http::curl_handles_created(*transport) == 0);
}

TEST_CASE("a response slower than the total timeout is a timeout after sending, the bearer is not in the error") {
    emu::smartsheet_emulator emulator;
    emulator.add_user(1, "a@example.com");
    const auto pair = emulator.issue_tokens(1, {"READ_SHEETS"});
    emu::fault_rule slow;
    slow.kind = emu::fault_kind::delay;
    slow.path = "/2.0/users/me";
    slow.delay_ms = 600;
    emulator.add_fault(slow);
    auto transport = http::make_curl_client();
    auto req = get(emulator.api_base() + "/users/me", pair.access_token);
    req.total_timeout_ms = 100;
    const auto r = transport->send(req);
    CHECK(r.error == http::transport_error::timeout);
    CHECK_FALSE(r.certainly_not_sent());
    CHECK(r.status == 0);
    CHECK(r.error_text.find(pair.access_token) == std::string::npos);
    CHECK(r.error_text.find("Authorization") == std::string::npos);
}

TEST_CASE("nobody listening is a connect failure: certainly not sent") {
    int port = 0;
    {
        emu::smartsheet_emulator closed;  // take a free port, then let it go
        port = closed.port();
    }
    auto transport = http::make_curl_client();
    const auto r = transport->send(get("http://127.0.0.1:" + std::to_string(port) + "/2.0/users/me", "token"));
    CHECK(r.error == http::transport_error::connect_failed);
    CHECK(r.certainly_not_sent());
}

TEST_CASE("a connection reset before any response byte is reported as such") {
    emu::smartsheet_emulator emulator;
    emu::fault_rule reset;
    reset.kind = emu::fault_kind::connection_reset;
    reset.path = "/2.0/users/me";
    emulator.add_fault(reset);
    auto transport = http::make_curl_client();
    const auto r = transport->send(get(emulator.api_base() + "/users/me", "token"));
    CHECK(r.error == http::transport_error::connection_reset);
    CHECK_FALSE(r.certainly_not_sent());
}

TEST_CASE("a gzip body that inflates past the body cap is aborted as response_too_large, nothing kept") {
    emu::smartsheet_emulator emulator;
    bomb_users_me(emulator, 16 * 1024 * 1024);  // about 100 KiB on the wire
    auto transport = http::make_curl_client();
    auto req = get(emulator.api_base() + "/users/me", "token");
    req.max_body_bytes = 1024 * 1024;
    const auto r = transport->send(req);
    CHECK(r.error == http::transport_error::response_too_large);
    CHECK(r.answered());
    CHECK_FALSE(r.certainly_not_sent());
    CHECK(r.body.empty());
    CHECK(r.status == 0);
    CHECK(r.error_text.find("1048576") != std::string::npos);
    CHECK(transport->send(req).status == 401);  // the next request is answered normally (no token: 401)
}

TEST_CASE("without a cap of its own, a request's decoded body is capped at 64 MiB") {
    emu::smartsheet_emulator emulator;
    bomb_users_me(emulator, 65 * 1024 * 1024);
    auto transport = http::make_curl_client();
    const auto r = transport->send(get(emulator.api_base() + "/users/me", "token"));
    CHECK(r.error == http::transport_error::response_too_large);
    CHECK(r.error_text.find(std::to_string(64 * 1024 * 1024)) != std::string::npos);
}

TEST_CASE("a compressed body within its cap is read in full, decoded") {
    emu::smartsheet_emulator emulator;
    bomb_users_me(emulator, 2 * 1024 * 1024);
    auto transport = http::make_curl_client();
    auto req = get(emulator.api_base() + "/users/me", "token");
    req.max_body_bytes = 2 * 1024 * 1024;  // exactly the size: still within
    const auto r = transport->send(req);
    REQUIRE(r.ok());
    CHECK(r.status == 200);
    CHECK(r.body.size() == 2u * 1024 * 1024);
}

TEST_CASE("a header block past 64 KiB is aborted as response_headers_too_large, also past libcurl's own limit") {
    emu::smartsheet_emulator emulator;
    auto transport = http::make_curl_client();
    for (const int size : {70 * 1024, 200 * 1024}) {
        INFO(size << " bytes of WWW-Authenticate");
        emu::fault_rule bloated;
        bloated.kind = emu::fault_kind::huge_header;
        bloated.path = "/2.0/users/me";
        bloated.header_bytes = size;
        emulator.add_fault(bloated);
        const auto r = transport->send(get(emulator.api_base() + "/users/me", "token"));
        CHECK(r.error == http::transport_error::response_headers_too_large);
        CHECK(r.answered());
        CHECK(r.headers.empty());
    }
    emu::fault_rule within;
    within.kind = emu::fault_kind::huge_header;
    within.path = "/2.0/users/me";
    within.header_bytes = 60 * 1024;
    emulator.add_fault(within);
    const auto r = transport->send(get(emulator.api_base() + "/users/me", "token"));
    REQUIRE(r.ok());
    CHECK(r.status == 401);
    REQUIRE(r.find_header("WWW-Authenticate") != nullptr);
    CHECK(r.find_header("WWW-Authenticate")->size() == 60u * 1024);
}

TEST_CASE("a redirect is never followed: the 3xx and its Location are the answer, the target sees nothing") {
    emu::smartsheet_emulator emulator;
    emu::smartsheet_emulator elsewhere;
    for (const char* method : {"GET", "POST"}) {
        INFO(method);
        emu::fault_rule moved;
        moved.kind = emu::fault_kind::redirect;
        moved.path = "/2.0/users/me";
        moved.status = std::string(method) == "GET" ? 302 : 307;
        moved.location = elsewhere.api_base() + "/users/me";
        emulator.add_fault(moved);
        auto transport = http::make_curl_client();
        auto req = get(emulator.api_base() + "/users/me", "token-abcdef");
        req.method = method;
        const auto r = transport->send(req);
        REQUIRE(r.ok());
        CHECK(r.status == moved.status);
        REQUIRE(r.find_header("Location") != nullptr);
        CHECK(*r.find_header("Location") == moved.location);
    }
    CHECK(elsewhere.request_log().empty());
}
