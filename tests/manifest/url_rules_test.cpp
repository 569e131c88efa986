// The https-or-loopback rule for every URL tether talks to.
#include "plugin/manifest/url_rules.hpp"

#include <catch2/catch.hpp>

namespace m = tether::manifest;
using Catch::Matchers::Contains;

TEST_CASE("https URLs and plain http to loopback are accepted") {
    for (const char* url : {"https://api.smartsheet.com/2.0", "HTTPS://api.smartsheet.eu", "https://h:443/x?y=1",
                            "http://127.0.0.1:8080/2.0", "http://localhost/b/authorize", "http://LOCALHOST:1",
                            "http://[::1]:9000/2.0", "https://[2001:db8::1]/x"}) {
        INFO(url);
        CHECK_FALSE(m::url_problem(url));
    }
}

TEST_CASE("other URLs are refused with the reason") {
    struct row {
        const char* url;
        const char* reason;
    };
    for (const row& r :
         {row{"http://api.smartsheet.com/2.0", "must use https"}, row{"http://127.0.0.1.nip.io/", "must use https"},
          row{"http://localhost.example.com/", "must use https"}, row{"ftp://127.0.0.1/", "must use https"},
          row{"api.smartsheet.com/2.0", "not absolute"}, row{"/2.0/token", "not absolute"}, row{"https://", "no host"},
          row{"https://user:pw@api.example.com/", "credentials"}, row{"https://api.example.com/#frag", "fragment"},
          row{"https://api.example.com:0/", "port"}, row{"https://api.example.com:99999/", "port"},
          row{"https://api.example.com:/", "empty port"}, row{"https://api.example.com/a b", "whitespace"},
          row{"https://[::1/", "unterminated"}, row{"", "empty"}}) {
        INFO(r.url);
        auto problem = m::url_problem(r.url);
        REQUIRE(problem);
        CHECK_THAT(*problem, Contains(r.reason));
    }
}
