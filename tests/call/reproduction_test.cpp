// The curl line of a failed request: quoted for a POSIX shell, the bearer left to $TETHER_ACCESS_TOKEN, secret
// query values redacted, a small body inline and a large one from a file.
#include "plugin/call/reproduction.hpp"

#include <catch2/catch.hpp>

#include "plugin/core/redact.hpp"

using tether::call::reproduce_line;
using tether::call::shell_quoted;

namespace {

tether::http::request get(std::string url) {
    tether::http::request req;
    req.url = std::move(url);
    req.headers.push_back({"Accept", "application/json"});
    req.headers.push_back({"Authorization", "Bearer full-token-value-0123456789"});
    return req;
}

}  // namespace

TEST_CASE("a reproduce line names the token only as $TETHER_ACCESS_TOKEN") {
    const std::string line = reproduce_line(get("https://api.smartsheet.com/2.0/sheets/2004"));
    CHECK(line ==
          "curl -sS -X 'GET' 'https://api.smartsheet.com/2.0/sheets/2004' -H 'Accept: application/json' "
          "-H \"Authorization: Bearer $TETHER_ACCESS_TOKEN\"");
    CHECK(line.find("0123456789") == std::string::npos);
}

TEST_CASE("a reproduce line quotes every part for the shell") {
    CHECK(shell_quoted("it's") == "'it'\\''s'");
    CHECK(shell_quoted("$HOME `x` \"y\"") == "'$HOME `x` \"y\"'");
}

TEST_CASE("a reproduce line redacts secret query values and credential headers but keeps the rest") {
    auto req = get("https://h.example/2.0/x?page=2&access_token=abcdefghijklmnop&includeAll=true");
    req.headers.push_back({"X-Api-Key", "key-0123456789abcdef"});
    const std::string line = reproduce_line(req);
    CHECK_THAT(line, Catch::Contains("page=2&access_token=" + tether::redact("abcdefghijklmnop") + "&includeAll=true"));
    CHECK(line.find("abcdefghijklmnop") == std::string::npos);
    CHECK(line.find("key-0123456789abcdef") == std::string::npos);
}

TEST_CASE("a reproduce line carries a small body inline and points a large one at a file") {
    auto req = get("https://h.example/2.0/sheets/1/rows");
    req.method = "POST";
    req.body = R"({"cells":[{"value":"it's"}]})";
    CHECK_THAT(reproduce_line(req), Catch::EndsWith("--data-binary '{\"cells\":[{\"value\":\"it'\\''s\"}]}'"));
    req.body = std::string(tether::call::max_inline_body_bytes + 1, ' ');
    CHECK_THAT(reproduce_line(req), Catch::Contains("--data-binary @request-body.json") &&
                                        Catch::Contains(std::to_string(tether::call::max_inline_body_bytes + 1)));
}

TEST_CASE("a URL is shown with its secret query values redacted and nothing else changed") {
    CHECK(tether::redact_url_secrets("https://h/p") == "https://h/p");
    CHECK(tether::redact_url_secrets("https://h/p?a=1&b=2#f") == "https://h/p?a=1&b=2#f");
    CHECK(tether::redact_url_secrets("https://h/p?code=abcdefghijkl&state=s") ==
          "https://h/p?code=" + tether::redact("abcdefghijkl") + "&state=s");
    CHECK(tether::redact_url_secrets("https://h/p?Client_Secret=abcdefghijkl") ==
          "https://h/p?Client_Secret=" + tether::redact("abcdefghijkl"));
    CHECK(tether::redact_url_secrets("https://h/p?flag&x=") == "https://h/p?flag&x=");
}
