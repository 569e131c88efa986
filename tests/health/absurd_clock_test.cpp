// A provider or a stored record with an absurd clock: a Date from an unset clock ("01 Jan 0001") or decades
// away is ignored, a stored offset beyond a year is clamped with a warning, and the health document keeps
// telling the time of this century.
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "plugin/http/clock_skew.hpp"
#include "plugin/http/http_date.hpp"
#include "tests/support/engine_harness.hpp"

using namespace tether_test;
using tether::status;
using tether::http::format_http_date;
using tether::http::max_clock_offset_ms;

namespace {

boost::json::object health_of(tether::connection& c) {
    const auto o = c.health(false, false);
    REQUIRE(o.code == status::ok);
    return boost::json::parse(o.body).as_object();
}

}  // namespace

TEST_CASE("a token answer dated by a broken provider clock dates nothing and moves no clock") {
    for (const char* date :
         {"Mon, 01 Jan 0001 00:00:00 GMT", "Fri, 01 Jan 1971 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT"}) {
        DYNAMIC_SECTION(date) {
            engine_harness h;
            h.seed_tokens("conn-1", "access-token-1a2b3c4d5e6f", "refresh-token-6f5e4d3c2b1a");
            auto c = h.open("conn-1");
            h.http().respond(200, token_grant("access-token-new-9f8e7d", "refresh-token-new-1c2d3e", 604799),
                             {{"Date", date}});
            REQUIRE(c->refresh(true).code == status::ok);
            const auto doc = health_of(*c);
            const std::string now = format_http_date(h.host().now());
            CHECK(doc.at("generated_at").as_string() == now);
            CHECK(doc.at("token").at("issued_at").as_string() == now);
            CHECK(h.host().record("conn-1").as_object().at("issued_at_ms").as_int64() == h.host().now());
            h.check_no_secret_leaked({"access-token-new-9f8e7d", "refresh-token-new-1c2d3e"});
        }
    }
}

TEST_CASE("a stored provider clock offset beyond a year is clamped to a year, with a warning, and stored so") {
    engine_harness h;
    h.seed_tokens("conn-1", "access-token-1a2b3c4d5e6f", "refresh-token-6f5e4d3c2b1a");
    auto record = h.host().record("conn-1").as_object();
    record["provider_offset_ms"] = -62'135'596'800'000 - h.host().now();  // the provider thinks it is year 1
    h.host().put_record("conn-1", boost::json::serialize(record));
    auto c = h.open("conn-1");

    const auto doc = health_of(*c);
    CHECK(doc.at("generated_at").as_string() == format_http_date(h.host().now() - max_clock_offset_ms));
    bool warned = false;
    for (const auto& line : h.host().logs())
        warned = warned || (line.level == tether::log_level::warn &&
                            line.message.find("stored provider clock offset") != std::string::npos);
    CHECK(warned);

    h.http().respond(200, token_grant("access-token-new-9f8e7d", "refresh-token-new-1c2d3e", 604799));
    REQUIRE(c->refresh(true).code == status::ok);
    CHECK(h.host().record("conn-1").as_object().at("provider_offset_ms").as_int64() == -max_clock_offset_ms);
    h.check_no_secret_leaked({"access-token-new-9f8e7d", "refresh-token-new-1c2d3e"});
}
