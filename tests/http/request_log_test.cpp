// The request log: one debug line per request with method, URL without its query, outcome and duration, and
// nothing of the headers or body.
#include "plugin/http/request_log.hpp"

#include <catch2/catch.hpp>

#include "tests/support/fake_host.hpp"

namespace {

// Answers every request with `answer` after `takes_ms` of the fake host's time.
class timed_client final : public tether::http::client {
public:
    timed_client(tether_test::fake_host& host, tether::http::response answer, std::int64_t takes_ms)
        : host_(host), answer_(std::move(answer)), takes_ms_(takes_ms) {}
    tether::http::response send(const tether::http::request&) override {
        host_.advance(takes_ms_);
        return answer_;
    }

private:
    tether_test::fake_host& host_;
    tether::http::response answer_;
    std::int64_t takes_ms_;
};

}  // namespace

TEST_CASE("a URL is logged without its query or fragment") {
    using tether::http::loggable_url;
    CHECK(loggable_url("https://api.example.com/2.0/users/me") == "https://api.example.com/2.0/users/me");
    CHECK(loggable_url("https://api.example.com/2.0/token?code=abc&hash=def") ==
          "https://api.example.com/2.0/token?\u2026");
    CHECK(loggable_url("https://api.example.com/x#frag") == "https://api.example.com/x");
}

TEST_CASE("each request is logged with its method, URL, outcome and duration, never its headers or body") {
    tether_test::fake_host host;
    tether::http::response ok;
    ok.status = 200;
    auto logged = tether::http::with_request_log(std::make_unique<timed_client>(host, ok, 84), host);
    tether::http::request req;
    req.method = "POST";
    req.url = "https://api.example.com/2.0/token?grant_type=refresh_token";
    req.headers.push_back({"Authorization", "Bearer secret-access-token-123456"});
    req.body = "refresh_token=secret-refresh-token-654321";
    CHECK(logged->send(req).status == 200);

    tether::http::response reset;
    reset.error = tether::http::transport_error::connection_reset;
    auto failing = tether::http::with_request_log(std::make_unique<timed_client>(host, reset, 5), host);
    req.method = "GET";
    CHECK_FALSE(failing->send(req).ok());

    const auto lines = host.log_messages();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "POST https://api.example.com/2.0/token?\u2026 \u2192 200 in 84 ms");
    CHECK(lines[1] == "GET https://api.example.com/2.0/token?\u2026 \u2192 connection_reset in 5 ms");
    host.check_no_secret_in_logs({"secret-access-token-123456", "secret-refresh-token-654321"});
}
