// The transport's URL rule: https anywhere, plain http only to a loopback host, nothing else.
#include <catch2/catch.hpp>

#include "plugin/http/curl_client.hpp"

using tether::http::url_allowed;

TEST_CASE("https is allowed to any host") {
    CHECK(url_allowed("https://api.smartsheet.com/2.0/sheets"));
    CHECK(url_allowed("HTTPS://API.SMARTSHEET.EU/2.0"));
}

TEST_CASE("plain http is allowed only to a loopback host") {
    for (const char* url : {"http://127.0.0.1:8080/2.0", "http://127.5.6.7/x", "http://localhost/x",
                            "http://LOCALHOST:1/x", "http://[::1]:9000/2.0", "http://127.0.0.1"}) {
        INFO(url);
        CHECK(url_allowed(url));
    }
    for (const char* url :
         {"http://api.smartsheet.com/2.0", "http://10.0.0.1/x", "http://localhost.evil.com/x",
          "http://127.0.0.1@evil.com/x", "http://user:pw@127.0.0.1/x", "http://[::2]/x", "http://0.0.0.0/x",
          "http://127.evil.example/x", "http://127.0.0.1.evil.example/x", "http://127.0.0/x", "http://127..0.1/x"}) {
        INFO(url);
        CHECK_FALSE(url_allowed(url));
    }
}

TEST_CASE("every other scheme, and no scheme, is refused") {
    for (const char* url : {"ftp://127.0.0.1/x", "file:///etc/passwd", "gopher://localhost/", "127.0.0.1/x", "",
                            "//127.0.0.1/x", "javascript:alert(1)"}) {
        INFO(url);
        CHECK_FALSE(url_allowed(url));
    }
}
