// Retry-After: delay-seconds, an HTTP date relative to the provider's clock, a past date, and garbage.
#include "plugin/http/retry_after.hpp"

#include <catch2/catch.hpp>

#include "plugin/http/http_date.hpp"

using tether::http::format_http_date;
using tether::http::parse_retry_after;

TEST_CASE("delay-seconds become milliseconds") {
    CHECK(parse_retry_after("0", 0) == 0);
    CHECK(parse_retry_after("5", 0) == 5000);
    CHECK(parse_retry_after(" 120 ", 0) == 120000);
}

TEST_CASE("an HTTP date is a wait from the provider's now, and a past date means now") {
    const std::int64_t now = 1'700'000'000'000;
    CHECK(parse_retry_after(format_http_date(now + 30'000), now) == 30'000);
    CHECK(parse_retry_after(format_http_date(now - 30'000), now) == 0);
    CHECK(parse_retry_after("Sunday, 06-Nov-94 08:49:37 GMT", 784111777000 - 2000) == 2000);
}

TEST_CASE("garbage is no instruction at all") {
    for (const char* text :
         {"", "  ", "soon", "-5", "1.5", "5s", "0x10", "9999999999", "Sun, 99 Nov 1994 08:49:37 GMT"}) {
        INFO('"' << text << '"');
        CHECK_FALSE(parse_retry_after(text, 0));
    }
}
