// Injected faults: Smartsheet error statuses, delays, resets, truncated and non-JSON bodies, hostile answers
// (a gzip bomb, a redirect, a huge header), and the token endpoint's bad days (missing fields, no refresh
// token, "mint then fail").
#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;

TEST_CASE("an error_status fault answers the status and a Smartsheet body, with Retry-After, then stops") {
    test_world world;
    const std::string token = world.tokens().access_token;
    world.emulator.add_fault({.kind = fault_kind::error_status,
                              .method = "GET",
                              .path = "/2.0/users/me",
                              .times = 2,
                              .status = 503,
                              .error_code = 4001,
                              .retry_after_s = 7});

    for (int i = 0; i < 2; ++i) {
        const http_response failed = world.me(token);
        CHECK(failed.status == 503);
        CHECK(failed.error_code() == 4001);
        CHECK(failed.header("Retry-After") == "7");
        CHECK_FALSE(text(failed, "refId").empty());
        CHECK_FALSE(failed.header("Date").empty());
    }
    CHECK(world.me(token).status == 200);
}

TEST_CASE("each documented server error can be injected") {
    test_world world;
    const std::string token = world.tokens().access_token;
    const std::vector<std::pair<int, int>> errors{{500, 4000}, {503, 4001}, {500, 4002}, {500, 4004}, {410, 4005}};
    for (const auto& [status, code] : errors) {
        INFO(status << "/" << code);
        world.emulator.add_fault({.kind = fault_kind::error_status, .status = status, .error_code = code});
        const http_response response = world.me(token);
        CHECK(response.status == status);
        CHECK(response.error_code() == code);
        CHECK_FALSE(text(response, "message").empty());
    }
}

TEST_CASE("an error_status fault may carry its own message, or no body at all") {
    test_world world;
    const std::string token = world.tokens().access_token;
    world.emulator.add_fault({.kind = fault_kind::error_status, .status = 500, .error_code = 4000, .message = "boom"});
    world.emulator.add_fault({.kind = fault_kind::error_status, .status = 502});

    CHECK(text(world.me(token), "message") == "boom");
    const http_response bare = world.me(token);
    CHECK(bare.status == 502);
    CHECK(bare.body.empty());
}

TEST_CASE("fault rules match the method, an exact or prefix path, and can skip requests first") {
    test_world world;
    const std::string token = world.tokens().access_token;
    world.emulator.add_fault({.kind = fault_kind::error_status,
                              .method = "POST",
                              .path = "/2.0/sheets",
                              .path_is_prefix = true,
                              .times = fault_rule::forever,
                              .status = 500,
                              .error_code = 4004});
    world.emulator.add_fault(
        {.kind = fault_kind::error_status, .path = "/2.0/sheets", .skip = 1, .status = 503, .error_code = 4001});

    CHECK(get(world.api("/sheets"), token).status == 200);       // skipped once
    CHECK(get(world.api("/sheets"), token).status == 503);       // then fires
    CHECK(get(world.api("/sheets"), token).status == 200);       // and is used up
    CHECK(get(world.api("/sheets/2001"), token).status == 200);  // exact path only
    const std::string rows = world.api("/sheets/2001/rows");
    CHECK(send_json("POST", rows, boost::json::object{}, token).status == 500);  // prefix, POST only
    CHECK(send_json("POST", rows, boost::json::object{}, token).status == 500);  // forever

    world.emulator.clear_faults();
    CHECK(send_json("POST", rows, boost::json::object{}, token).error_code() == 1012);
}

TEST_CASE("a delay fault holds the response back (a client with a short timeout gives up)") {
    test_world world;
    const std::string token = world.tokens().access_token;
    world.emulator.add_fault({.kind = fault_kind::delay, .path = "/2.0/users/me", .delay_ms = 300});
    const http_response timed_out = perform({.url = world.api("/users/me"), .bearer = token, .timeout_ms = 100});
    CHECK(timed_out.transport == CURLE_OPERATION_TIMEDOUT);

    world.emulator.add_fault({.kind = fault_kind::delay, .path = "/2.0/users/me", .delay_ms = 50});
    const http_response slow = world.me(token);
    CHECK(slow.status == 200);  // delayed, then answered normally
}

TEST_CASE(
    "a request waiting in a delay fault is seen as in delay until answered, and release_delays answers it "
    "at once") {
    test_world world;
    const std::string token = world.tokens().access_token;
    world.emulator.add_fault({.kind = fault_kind::delay, .path = "/2.0/users/me", .delay_ms = 600'000});
    CHECK(world.emulator.requests_in_delay() == 0);
    std::atomic<bool> answered{false};
    int status = 0;
    std::thread client([&] {
        status = world.me(token).status;
        answered = true;
    });
    while (world.emulator.requests_in_delay() == 0 && !answered) std::this_thread::yield();
    CHECK_FALSE(answered);
    CHECK(world.emulator.count("GET /2.0/users/me") == 0);  // not processed yet

    world.emulator.release_delays();  // ten minutes early: the test would time out otherwise
    client.join();
    CHECK(status == 200);
    CHECK(world.emulator.requests_in_delay() == 0);
    CHECK(world.emulator.count("GET /2.0/users/me") == 1);
}

TEST_CASE("a connection reset fault gives the client no HTTP response") {
    test_world world;
    const std::string token = world.tokens().access_token;
    world.emulator.add_fault({.kind = fault_kind::connection_reset, .path = "/2.0/users/me"});

    const http_response reset = world.me(token);
    CHECK(reset.transport != CURLE_OK);
    CHECK(reset.status == 0);
    CHECK(world.me(token).status == 200);
    CHECK(world.emulator.request_log().at(0).status == 0);
}

TEST_CASE("a truncated body fault cuts the response short after processing the request") {
    test_world world;
    const token_pair pair = world.tokens();
    world.emulator.add_fault({.kind = fault_kind::truncated_body, .path = "/2.0/token", .grant_type = "refresh_token"});

    const http_response cut = world.refresh(pair.refresh_token);
    CHECK(cut.transport == CURLE_PARTIAL_FILE);
    CHECK(cut.status == 200);
    // The refresh happened: the old pair is gone although the client never read the new one.
    CHECK_FALSE(world.emulator.is_live(pair.refresh_token));
    CHECK_FALSE(world.emulator.is_live(pair.access_token));
}

TEST_CASE("a non-JSON body fault answers an HTML page with the chosen status") {
    test_world world;
    const std::string token = world.tokens().access_token;
    world.emulator.add_fault({.kind = fault_kind::non_json_body, .path = "/2.0/sheets"});
    world.emulator.add_fault({.kind = fault_kind::non_json_body, .path = "/2.0/users/me", .status = 502});

    const http_response ok_but_html = get(world.api("/sheets"), token);
    CHECK(ok_but_html.status == 200);
    CHECK(ok_but_html.header("Content-Type").starts_with("text/html"));
    CHECK_THROWS(ok_but_html.json());

    const http_response gateway = world.me(token);
    CHECK(gateway.status == 502);
    CHECK_THROWS(gateway.json());
}

TEST_CASE("a gzip bomb fault sends a small gzip body that inflates to exactly the chosen size of JSON") {
    test_world world;
    const std::string token = world.tokens().access_token;
    constexpr std::int64_t inflated = 4 * 1024 * 1024 + 123;
    world.emulator.add_fault(
        {.kind = fault_kind::gzip_bomb, .path = "/2.0/users/me", .times = 2, .inflated_bytes = inflated});

    const http_response raw = world.me(token);  // as sent: no decoding asked for
    CHECK(raw.status == 200);
    CHECK(raw.header("Content-Encoding") == "gzip");
    CHECK(raw.header("Content-Type").starts_with("application/json"));
    REQUIRE(raw.body.size() > 2);
    CHECK(raw.body.substr(0, 2) == "\x1f\x8b");
    CHECK(raw.body.size() < inflated / 150);

    const http_response decoded = perform({.url = world.api("/users/me"), .bearer = token, .decode = true});
    REQUIRE(decoded.transport == CURLE_OK);  // the CRC and the size in the trailer hold
    CHECK(static_cast<std::int64_t>(decoded.body.size()) == inflated);
    CHECK(decoded.json().as_object().empty());
    CHECK(world.emulator.request_log().back().fault == "gzip_bomb");
    CHECK(world.me(token).header("Content-Encoding").empty());  // used up: the real answer again
}

TEST_CASE("a gzip bomb fault inflates to 300 MiB unless told otherwise, from under 2 MB") {
    test_world world;
    world.emulator.add_fault({.kind = fault_kind::gzip_bomb, .path = "/2.0/users/me"});
    const http_response raw = world.me(world.tokens().access_token);
    CHECK(raw.status == 200);
    CHECK(raw.body.size() > (300u << 20) / 160);
    CHECK(raw.body.size() < 2'000'000);
    // ISIZE, the gzip trailer's last 4 bytes: the inflated size (little-endian).
    REQUIRE(raw.body.size() > 4);
    std::uint32_t size = 0;
    for (int i = 3; i >= 0; --i) size = (size << 8) | static_cast<unsigned char>(raw.body[raw.body.size() - 4 + i]);
    CHECK(size == 300u << 20);
}

TEST_CASE("a redirect fault answers a 3xx with the chosen Location and does not process the request") {
    test_world world;
    const std::string token = world.tokens().access_token;
    const auto rows_before = get(world.api("/sheets/2001"), token).json().at("rows").as_array().size();
    world.emulator.add_fault({.kind = fault_kind::redirect,
                              .method = "POST",
                              .path = "/2.0/sheets/2001/rows",
                              .location = "https://login.example.com/sso?next=%2Fsheets"});
    world.emulator.add_fault(
        {.kind = fault_kind::redirect, .path = "/2.0/users/me", .status = 307, .location = "/2.0/elsewhere"});

    const http_response moved =
        send_json("POST", world.api("/sheets/2001/rows"), boost::json::object{{"cells", boost::json::array{}}}, token);
    CHECK(moved.status == 302);
    CHECK(moved.header("Location") == "https://login.example.com/sso?next=%2Fsheets");
    CHECK(moved.body.empty());
    CHECK(get(world.api("/sheets/2001"), token).json().at("rows").as_array().size() == rows_before);

    const http_response temporary = world.me(token);
    CHECK(temporary.status == 307);
    CHECK(temporary.header("Location") == "/2.0/elsewhere");
    CHECK(world.emulator.request_log().back().fault == "redirect");
}

TEST_CASE("a huge header fault answers with a WWW-Authenticate header of the chosen size") {
    test_world world;
    const std::string token = world.tokens().access_token;
    world.emulator.add_fault(
        {.kind = fault_kind::huge_header, .path = "/2.0/users/me", .error_code = 1002, .header_bytes = 70'000});
    world.emulator.add_fault({.kind = fault_kind::huge_header, .path = "/2.0/users/me", .status = 200});

    const http_response bloated = world.me(token);
    CHECK(bloated.status == 401);
    CHECK(bloated.error_code() == 1002);
    CHECK(bloated.header("WWW-Authenticate").size() == 70'000);
    CHECK(bloated.header("WWW-Authenticate").starts_with("Bearer realm="));

    // 128 KiB by default: past libcurl's own limit for one header line, so this plain client gets no answer.
    const http_response past_limit = world.me(token);
    CHECK(past_limit.transport != CURLE_OK);
    CHECK(world.emulator.request_log().back().fault == "huge_header");
    CHECK(world.me(token).status == 200);
}

TEST_CASE("token_missing_field leaves a field out of the token response, yet the pair is minted") {
    test_world world;
    world.emulator.add_fault(
        {.kind = fault_kind::token_missing_field, .path = "/2.0/token", .missing_field = "expires_in"});
    const http_response response = world.exchange_code(world.authorization_code());
    REQUIRE(response.status == 200);
    CHECK_FALSE(response.json().as_object().contains("expires_in"));
    CHECK(world.me(text(response, "access_token")).status == 200);
}

TEST_CASE("token_without_refresh: no refresh_token in the response, on refresh the old one stays valid") {
    test_world world;
    world.emulator.add_fault({.kind = fault_kind::token_without_refresh, .path = "/2.0/token", .times = 2});

    const http_response exchanged = world.exchange_code(world.authorization_code());
    REQUIRE(exchanged.status == 200);
    CHECK_FALSE(exchanged.json().as_object().contains("refresh_token"));

    const token_pair pair = world.tokens();
    const http_response refreshed = world.refresh(pair.refresh_token);
    REQUIRE(refreshed.status == 200);
    CHECK_FALSE(refreshed.json().as_object().contains("refresh_token"));
    CHECK(world.me(text(refreshed, "access_token")).status == 200);
    CHECK(world.me(pair.access_token).error_code() == 1002);  // the old access token still died
    CHECK(world.refresh(pair.refresh_token).status == 200);   // not rotated
}

TEST_CASE("mint_then_fail answers 504, but the new pair is live and the old pair is dead") {
    test_world world;
    const token_pair old_pair = world.tokens();
    world.emulator.add_fault({.kind = fault_kind::mint_then_fail, .path = "/2.0/token", .grant_type = "refresh_token"});

    const http_response failed = world.refresh(old_pair.refresh_token);
    CHECK(failed.status == 504);
    CHECK_THROWS(failed.json());

    CHECK(world.refresh(old_pair.refresh_token).error_code() == 1071);  // the presented token was consumed
    CHECK(world.me(old_pair.access_token).error_code() == 1002);

    std::string lost_access, lost_refresh;
    for (const live_token& token : world.emulator.live_tokens()) {
        (token.kind == token_kind::access ? lost_access : lost_refresh) = token.token;
    }
    REQUIRE_FALSE(lost_access.empty());
    REQUIRE_FALSE(lost_refresh.empty());
    CHECK(world.me(lost_access).status == 200);
    CHECK(world.refresh(lost_refresh).status == 200);
    CHECK(world.emulator.request_log().front().fault == "mint_then_fail");
}

TEST_CASE("a token fault filtered by grant type leaves the other grant alone") {
    test_world world;
    world.emulator.add_fault({.kind = fault_kind::mint_then_fail, .path = "/2.0/token", .grant_type = "refresh_token"});
    const http_response exchanged = world.exchange_code(world.authorization_code());
    REQUIRE(exchanged.status == 200);
    CHECK(world.refresh(text(exchanged, "refresh_token")).status == 504);
}

TEST_CASE("a token fault does not fire on a grant that fails anyway") {
    test_world world;
    world.emulator.add_fault({.kind = fault_kind::mint_then_fail, .path = "/2.0/token"});
    CHECK(world.refresh("nosuchtoken").error_code() == 1071);
    CHECK(world.exchange_code(world.authorization_code()).status == 504);
}

TEST_CASE("malformed fault rules are rejected") {
    test_world world;
    CHECK_THROWS_AS(world.emulator.add_fault({.kind = fault_kind::error_status}), std::invalid_argument);
    CHECK_THROWS_AS(world.emulator.add_fault({.kind = fault_kind::delay}), std::invalid_argument);
    CHECK_THROWS_AS(world.emulator.add_fault({.kind = fault_kind::token_missing_field}), std::invalid_argument);
    CHECK_THROWS_AS(world.emulator.add_fault({.kind = fault_kind::connection_reset, .times = 0}),
                    std::invalid_argument);
    CHECK_THROWS_AS(world.emulator.add_fault({.kind = fault_kind::redirect}), std::invalid_argument);
    CHECK_THROWS_AS(world.emulator.add_fault({.kind = fault_kind::redirect, .status = 200, .location = "/x"}),
                    std::invalid_argument);
    CHECK_THROWS_AS(world.emulator.add_fault({.kind = fault_kind::gzip_bomb, .inflated_bytes = -1}),
                    std::invalid_argument);
}
