// The scripted transport's own contract: script order, expectations, exhaustion, held requests, decoding of
// what was sent, and failure messages that never carry a secret.
#include "tests/support/scripted_transport.hpp"

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/fake_host.hpp"

using namespace tether_test;
using tether::http::transport_error;

namespace {

tether::http::request get(std::string url, std::string bearer = "") {
    tether::http::request r;
    r.url = std::move(url);
    if (!bearer.empty()) r.headers.push_back({"Authorization", "Bearer " + bearer});
    return r;
}

tether::http::request post_form(std::string url, std::string body) {
    tether::http::request r;
    r.method = "POST";
    r.url = std::move(url);
    r.headers.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    r.body = std::move(body);
    return r;
}

}  // namespace

TEST_CASE("answers are played in script order and every request is recorded") {
    scripted_transport http;
    http.respond(200, R"({"id":1})", {{"X-Step", "one"}});
    http.respond(404, "missing");

    const auto first = http.send(get("http://127.0.0.1:9/2.0/users/me"));
    const auto second = http.send(get("http://127.0.0.1:9/2.0/sheets/7?include=format"));

    CHECK(first.status == 200);
    CHECK(first.body == R"({"id":1})");
    REQUIRE(first.find_header("x-step") != nullptr);
    CHECK(*first.find_header("x-step") == "one");
    CHECK(second.status == 404);
    CHECK(second.body == "missing");
    CHECK(http.sequence() == std::vector<std::string>{"GET /2.0/users/me", "GET /2.0/sheets/7"});
    CHECK(http.request(1).url == "http://127.0.0.1:9/2.0/sheets/7?include=format");
    CHECK(http.count() == 2);
    INFO(http.summary());
    CHECK(http.done());
}

TEST_CASE("a request that does not match its step's expectation is a script failure, and is still answered") {
    scripted_transport http;
    http.respond(200, "ok").expect("GET", "/2.0/users/me");
    http.respond(200, "ok").expect("POST", "/2.0/token");

    CHECK(http.send(post_form("http://127.0.0.1:9/2.0/token", "grant_type=refresh_token")).status == 200);
    CHECK(http.send(post_form("http://127.0.0.1:9/2.0/token?x=1", "grant_type=refresh_token")).status == 200);

    CHECK_FALSE(http.done());
    const auto problems = http.problems();
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Catch::Contains("request 1 (POST /2.0/token)") &&
                                Catch::Contains("step 1, which expects GET /2.0/users/me"));
}

TEST_CASE("a request past the end of the script gets a transport error and counts as unexpected") {
    scripted_transport http;
    http.respond(200);
    CHECK(http.send(get("http://127.0.0.1:9/2.0/users/me")).ok());
    CHECK(http.done());

    const auto extra = http.send(get("http://127.0.0.1:9/2.0/sheets"));
    CHECK(extra.error == transport_error::other);
    CHECK(extra.error_text == "script exhausted");
    CHECK(extra.status == 0);
    CHECK(http.unexpected() == 1);
    CHECK(http.count() == 2);
    CHECK_FALSE(http.done());
    REQUIRE(http.problems().size() == 1);
    CHECK_THAT(http.problems()[0], Catch::Contains("request 2 (GET /2.0/sheets)") && Catch::Contains("used up"));
}

TEST_CASE("a step never reached leaves the script not done, and the summary names it") {
    scripted_transport http;
    http.respond(200).expect("GET", "/2.0/users/me");
    http.fail(transport_error::timeout).expect("POST", "/2.0/token");
    http.send(get("http://127.0.0.1:9/2.0/users/me"));

    CHECK(http.problems().empty());
    CHECK_FALSE(http.done());
    CHECK_THAT(http.summary(), Catch::Contains("1. GET /2.0/users/me") &&
                                   Catch::Contains("step 2: fails with timeout, expects POST /2.0/token"));
}

TEST_CASE("a scripted transport failure says whether the request may have reached the server") {
    scripted_transport http;
    http.fail(transport_error::connection_reset);
    http.fail(transport_error::connect_failed);

    const auto reset = http.send(get("http://127.0.0.1:9/2.0/users/me"));
    CHECK(reset.error == transport_error::connection_reset);
    CHECK(reset.error_text == "connection_reset");
    CHECK_FALSE(reset.certainly_not_sent());
    const auto refused = http.send(get("http://127.0.0.1:9/2.0/users/me"));
    CHECK(refused.certainly_not_sent());
    CHECK(http.done());
}

TEST_CASE("a held request waits at its gate until the test opens it, without blocking other requests") {
    scripted_transport http;
    gate& held = http.respond(200, "held answer").expect("POST", "/2.0/token").hold();
    http.respond(200, "quick answer").expect("GET", "/2.0/users/me");

    std::atomic<bool> held_returned{false};
    std::string held_body;
    std::thread refresher([&] {
        held_body = http.send(post_form("http://127.0.0.1:9/2.0/token", "grant_type=refresh_token")).body;
        held_returned = true;
    });
    held.wait_until_arrived();
    CHECK(held.arrived());
    CHECK(http.count() == 1);  // recorded on arrival, before the gate opens

    std::string quick_body;
    std::thread caller([&] { quick_body = http.send(get("http://127.0.0.1:9/2.0/users/me")).body; });
    caller.join();
    CHECK(quick_body == "quick answer");
    CHECK_FALSE(held_returned);  // it cannot return before the gate opens

    held.open();
    refresher.join();
    CHECK(held_returned);
    CHECK(held_body == "held answer");
    INFO(http.summary());
    CHECK(http.done());
}

TEST_CASE("many threads sending at once each take one step, and all are recorded") {
    scripted_transport http;
    constexpr int threads = 16;
    for (int i = 0; i < threads; ++i) http.respond(200, std::to_string(i)).expect("GET", "/2.0/users/me");

    std::vector<std::string> bodies(threads);
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i)
        pool.emplace_back([&, i] { bodies[i] = http.send(get("http://127.0.0.1:9/2.0/users/me")).body; });
    for (auto& t : pool) t.join();

    std::sort(bodies.begin(), bodies.end(), [](const auto& a, const auto& b) { return std::stoi(a) < std::stoi(b); });
    for (int i = 0; i < threads; ++i) CHECK(bodies[i] == std::to_string(i));
    CHECK(http.count() == threads);
    CHECK(http.done());
}

TEST_CASE("the form, the query and the bearer of a recorded request are decoded") {
    scripted_transport http;
    http.respond(200);
    http.respond(200);
    auto token_request = post_form("http://127.0.0.1:9/2.0/token?scope=READ_SHEETS%20WRITE_SHEETS&flag",
                                   "grant_type=refresh_token&refresh_token=r%2Fx%3Dy&redirect_uri=http%3A%2F%2F"
                                   "127.0.0.1%3A9%2Fcb&note=a+b");
    token_request.headers.push_back({"Authorization", "Bearer access-0123456789"});
    http.send(token_request);
    auto json_request = get("http://127.0.0.1:9/2.0/search?query=a%26b&include=x,y");
    json_request.method = "PUT";
    json_request.headers.push_back({"Content-Type", "application/json"});
    json_request.body = R"({"a":1})";
    http.send(json_request);

    const auto token = http.request(0);
    CHECK(token.path == "/2.0/token");
    CHECK(token.query("scope") == "READ_SHEETS WRITE_SHEETS");
    CHECK(token.has_query("flag"));
    CHECK(token.query("flag").empty());
    CHECK(token.form("grant_type") == "refresh_token");
    CHECK(token.form("refresh_token") == "r/x=y");
    CHECK(token.form("redirect_uri") == "http://127.0.0.1:9/cb");
    CHECK(token.form("note") == "a b");
    CHECK_FALSE(token.has_form("client_secret"));
    CHECK(token.bearer() == "access-0123456789");
    CHECK(token.header("content-TYPE") == "application/x-www-form-urlencoded");

    const auto search = http.request(1);
    CHECK(search.describe() == "PUT /2.0/search");
    CHECK(search.query("query") == "a&b");
    CHECK(search.query("include") == "x,y");
    CHECK(search.form_fields.empty());  // a JSON body is not a form
    CHECK(search.body == R"({"a":1})");
    CHECK(search.bearer().empty());
    CHECK_FALSE(search.has_header("Authorization"));
}

TEST_CASE("script failures and the summary name requests by method and path, never by a secret they carry") {
    const std::string bearer = "access-token-that-must-stay-hidden-91a2b3";
    const std::string refresh = "refresh-token-that-must-stay-hidden-c4d5e6";
    const std::string in_query = "query-secret-that-must-stay-hidden-f7a8b9";
    scripted_transport http;
    http.respond(200).expect("GET", "/2.0/users/me");

    auto leaking = post_form("http://127.0.0.1:9/2.0/token?code=" + in_query, "refresh_token=" + refresh);
    leaking.headers.push_back({"Authorization", "Bearer " + bearer});
    http.send(leaking);  // mismatch
    http.send(leaking);  // past the end

    std::vector<std::string> texts = http.problems();
    REQUIRE(texts.size() == 2);
    texts.push_back(http.summary());
    CHECK(leaked_secrets(texts, {bearer, refresh, in_query}).empty());
    CHECK_THAT(texts[0], Catch::Contains("POST /2.0/token"));
}

TEST_CASE("Smartsheet-shaped answers: an error body, a token grant and a Date header") {
    const auto error = smartsheet_error(401, 1003, "Your Access Token is invalid.");
    CHECK(error.status == 401);
    const auto body = boost::json::parse(error.body).as_object();
    CHECK(body.at("errorCode").as_int64() == 1003);
    CHECK(body.at("message").as_string() == "Your Access Token is invalid.");
    CHECK_FALSE(body.at("refId").as_string().empty());
    CHECK(body.if_contains("error") == nullptr);
    const auto grant_refused = boost::json::parse(smartsheet_error(400, 1071, "Invalid grant", "invalid_grant").body);
    CHECK(grant_refused.at("error").as_string() == "invalid_grant");

    const auto grant = boost::json::parse(token_grant("new-access", "new-refresh", 604799)).as_object();
    CHECK(grant.at("access_token").as_string() == "new-access");
    CHECK(grant.at("refresh_token").as_string() == "new-refresh");
    CHECK(grant.at("token_type").as_string() == "bearer");
    CHECK(grant.at("expires_in").as_int64() == 604799);

    const auto date = date_header(fake_host::start_ms + 1'500);
    CHECK(date.name == "Date");
    CHECK(date.value == "Thu, 01 Jan 2026 00:00:01 GMT");
}
