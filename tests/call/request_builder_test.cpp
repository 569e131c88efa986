// Preparing a call: path values percent-encoded, traversal and CR/LF/NUL refused (as BAD_REQUEST, before
// any sending), the body checked, the page query appended, the bearer slot last. Pure, no network.
#include "plugin/call/request_builder.hpp"

#include <catch2/catch.hpp>

#include "plugin/call/request_guard.hpp"
#include "tests/call/call_manifests.hpp"

using namespace tether::call;
using Catch::Matchers::Contains;
using tether::call_request;
using tether::status;

namespace {

call_request request_of(std::string operation, std::string params, std::optional<std::string> body = std::nullopt) {
    call_request r;
    r.operation = std::move(operation);
    r.params_json = std::move(params);
    if (body) {
        r.has_body = true;
        r.body = *body;
    }
    return r;
}

std::string url_of(const char* operation, const std::string& params, const query_list& page = {}) {
    auto prepared = prepare_call(*tether_call_test::smartsheet_with_files(), request_of(operation, params));
    if (auto* refused = std::get_if<tether::outcome>(&prepared)) FAIL(refused->message);
    return http_request_for(std::get<prepared_call>(prepared), "https://api.example.com/2.0", page, {}).url;
}

tether::outcome refusal(const char* operation, const std::string& params,
                        std::optional<std::string> body = std::nullopt) {
    auto prepared = prepare_call(*tether_call_test::smartsheet_with_files(), request_of(operation, params, body));
    auto* refused = std::get_if<tether::outcome>(&prepared);
    REQUIRE(refused);
    return *refused;
}

}  // namespace

TEST_CASE("path values are percent-encoded, query values too (commas kept for lists)") {
    CHECK(url_of("sheets.get", R"({"sheetId": 4583173393803140})") ==
          "https://api.example.com/2.0/sheets/4583173393803140");
    CHECK(url_of("files.get", R"({"name": "a b/c?d#e&f"})") ==
          "https://api.example.com/2.0/files/a%20b%2Fc%3Fd%23e%26f");
    CHECK(url_of("files.get", R"({"name": "caf\u00e9"})") == "https://api.example.com/2.0/files/caf%C3%A9");
    CHECK(url_of("files.get", R"({"name": "...", "q": "x=1&y", "tags": ["a b", "c"]})") ==
          "https://api.example.com/2.0/files/...?q=x%3D1%26y&tags=a%20b,c");
    CHECK(url_of("files.get", R"({"name": "50%"})") == "https://api.example.com/2.0/files/50%25");
}

TEST_CASE("the page query follows the caller's query, the Authorization header comes last and empty") {
    auto prepared = prepare_call(*tether_call_test::smartsheet_with_files(),
                                 request_of("files.get", R"({"name": "n", "q": "x", "X-Trace": "abc"})"));
    const auto& call = std::get<prepared_call>(prepared);
    tether::call::call_limits limits;
    limits.connect_timeout_ms = 1234;
    limits.attempt_timeout_ms = 5678;
    const auto req = http_request_for(call, "http://127.0.0.1:1/2.0", {{"page", "2"}, {"pageSize", "100"}}, limits);
    CHECK(req.url == "http://127.0.0.1:1/2.0/files/n?q=x&page=2&pageSize=100");
    CHECK(req.method == "GET");
    CHECK(req.connect_timeout_ms == 1234);
    CHECK(req.total_timeout_ms == 5678);
    REQUIRE(req.headers.size() == 3);
    CHECK(req.headers[0].name == "Accept");
    CHECK(req.headers[1].name == "X-Trace");
    CHECK(req.headers[1].value == "abc");
    CHECK(req.headers[2].name == "Authorization");
    CHECK(req.headers[2].value.empty());
}

TEST_CASE("path traversal is refused, literal or percent-encoded") {
    for (const char* name : {"..", ".", "../etc", "a/../b", "a/..", "..\\\\x", "%2e%2e", "%2E%2e", "%2e%2e%2fx",
                             "%252e%252e", "%25252e%25252e", ".%2e", "a%2f..%2fb"}) {
        INFO(name);
        const auto o = refusal("files.get", std::string(R"({"name": ")") + name + "\"}");
        CHECK(o.code == status::bad_request);
        CHECK(o.reason == "params_unsafe");
        CHECK_THAT(o.message, Contains("'name'"));
    }
    CHECK(refusal("files.get", R"({"name": ""})").code == status::bad_request);  // no empty path segment
    // Integer path parameters cannot carry a traversal at all: the type check refuses it first.
    CHECK(refusal("sheets.get", R"({"sheetId": "../2002"})").reason == "params_invalid");
}

TEST_CASE("CR, LF or NUL in any parameter is refused, whatever its place on the wire") {
    for (const std::string& value :
         {std::string("a\\r\\nX-Injected: 1"), std::string("a\\nb"), std::string("a\\u0000b")}) {
        INFO(value);
        for (const std::string_view key : {"name", "q", "X-Trace"}) {
            std::string params = R"({"name": "n", ")" + std::string(key) + R"(": ")" + value + "\"}";
            if (key == "name") params = R"({"name": ")" + value + "\"}";
            const auto o = refusal("files.get", params);
            CHECK(o.code == status::bad_request);
            CHECK_THAT(o.message, Contains("'" + std::string(key) + "'"));
        }
        const auto listed = refusal("files.get", R"({"name": "n", "tags": ["ok", ")" + value + "\"]}");
        CHECK(listed.reason == "params_unsafe");
        const auto search = refusal("search", R"({"query": ")" + value + "\"}");
        CHECK(search.reason == "params_unsafe");
    }
    // Percent-encoded line breaks in a path value decode to line breaks: refused too.
    CHECK(refusal("files.get", R"({"name": "a%0d%0ab"})").reason == "params_unsafe");
}

TEST_CASE("unknown operations, parameters the engine owns, and bodies are checked") {
    CHECK(refusal("sheets.nope", "{}").reason == "unknown_operation");
    CHECK(refusal("sheets.list", "[1]").reason == "params_invalid");
    CHECK(refusal("sheets.list", "{").reason == "params_invalid");
    CHECK(refusal("sheets.list", R"({"page": 2})").reason == "params_invalid");  // pagination is the engine's
    CHECK(refusal("sheets.list", "{}", std::string("{}")).reason == "body_not_allowed");
    CHECK(refusal("rows.add", R"({"sheetId": 1})").reason == "body_required");
    CHECK(refusal("rows.add", R"({"sheetId": 1})", std::string("{\"cells\": [")).reason == "body_invalid");
    auto ok = prepare_call(*tether_call_test::smartsheet_with_files(),
                           request_of("rows.add", R"({"sheetId": 1})", std::string(R"([{"cells": []}])")));
    REQUIRE(std::holds_alternative<prepared_call>(ok));
    const auto req = http_request_for(std::get<prepared_call>(ok), "https://x.example/2.0", {}, {});
    CHECK(req.method == "POST");
    CHECK(req.body == R"([{"cells": []}])");
    CHECK(req.headers[1].name == "Content-Type");
}

TEST_CASE("the guard's pieces") {
    CHECK(path_value_unsafe(".."));
    CHECK(path_value_unsafe("%2e%2E"));
    CHECK_FALSE(path_value_unsafe("..."));
    CHECK_FALSE(path_value_unsafe("a..b"));
    CHECK_FALSE(path_value_unsafe("%zz"));
    CHECK_FALSE(path_value_unsafe("100%"));
    CHECK(has_line_break_or_nul(std::string_view("a\0b", 3)));
    CHECK_FALSE(has_line_break_or_nul("a\tb"));
}
