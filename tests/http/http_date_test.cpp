// HTTP dates in their three forms (IMF-fixdate, RFC 850, asctime), and what is not a date.
#include "plugin/http/http_date.hpp"

#include <catch2/catch.hpp>
#include <limits>

using tether::http::format_http_date;
using tether::http::parse_http_date;

namespace {
constexpr std::int64_t rfc_example_ms = 784111777000;  // Sun, 06 Nov 1994 08:49:37 GMT
}

TEST_CASE("the three date forms of RFC 9110 give the same instant") {
    CHECK(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == rfc_example_ms);
    CHECK(parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT") == rfc_example_ms);
    CHECK(parse_http_date("Sun Nov  6 08:49:37 1994") == rfc_example_ms);
    CHECK(parse_http_date("  Sun, 06 Nov 1994 08:49:37 GMT  ") == rfc_example_ms);
}

TEST_CASE("RFC 850 two-digit years below 70 are this century") {
    CHECK(parse_http_date("Thursday, 01-Jan-70 00:00:00 GMT") == 0);
    CHECK(parse_http_date("Saturday, 01-Jan-00 00:00:00 GMT") == 946684800000);
}

TEST_CASE("anything else is not a date") {
    for (const char* text :
         {"", "soon", "120", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Feb 1994 08:49:37 GMT",
          "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Nob 1994 08:49:37 GMT", "Sun 06 Nov 1994 08:49:37 GMT",
          "Sun, 06 Nov 1994 08:49 GMT", "Sun, 06 Nov 1994 08:49:37 GMT extra"}) {
        INFO('"' << text << '"');
        CHECK_FALSE(parse_http_date(text));
    }
}

TEST_CASE("formatting gives an IMF-fixdate that parses back") {
    CHECK(format_http_date(rfc_example_ms) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(format_http_date(rfc_example_ms + 999) == "Sun, 06 Nov 1994 08:49:37 GMT");
    CHECK(format_http_date(0) == "Thu, 01 Jan 1970 00:00:00 GMT");
    for (const std::int64_t ms : {0LL, 951782400000LL, 1700000000000LL, 4102444800000LL})
        CHECK(parse_http_date(format_http_date(ms)) == ms);
}

TEST_CASE("a year before 1900 or after 9999 is not a date") {
    for (const char* text :
         {"Mon, 01 Jan 0001 00:00:00 GMT", "Sun, 31 Dec 1899 23:59:59 GMT", "Sat, 01 Jan 0000 00:00:00 GMT",
          "Mon 01 Jan 00:00:00 0001", "Sat, 01 Jan 10000 00:00:00 GMT"}) {
        INFO('"' << text << '"');
        CHECK_FALSE(parse_http_date(text));
    }
    CHECK(parse_http_date("Mon, 01 Jan 1900 00:00:00 GMT") == -2208988800000);
    CHECK(parse_http_date("Fri, 31 Dec 9999 23:59:59 GMT") == 253402300799000);
}

TEST_CASE("a time of day is two digits each for hours, minutes and seconds") {
    for (const char* text :
         {"Sun, 06 Nov 1994 -1:-1:-1 GMT", "Sun, 06 Nov 1994 +8:49:37 GMT", "Sun, 06 Nov 1994 08: 9:37 GMT",
          "Sun, 06 Nov 1994 08-49-37 GMT", "Sun Nov  6 -8:49:37 1994"}) {
        INFO('"' << text << '"');
        CHECK_FALSE(parse_http_date(text));
    }
}

TEST_CASE("formatting a time outside 1970..9999 writes the nearest end") {
    CHECK(format_http_date(-1) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(format_http_date(std::numeric_limits<std::int64_t>::min()) == "Thu, 01 Jan 1970 00:00:00 GMT");
    CHECK(format_http_date(std::numeric_limits<std::int64_t>::max()) == "Fri, 31 Dec 9999 23:59:59 GMT");
}
