// Health when the host's storage fails: the document is still built, says so, and shows what the process
// last knew — never "never authorized" for a record it simply could not read.
#include <catch2/catch.hpp>

#include <boost/json/parse.hpp>

#include "tests/support/engine_harness.hpp"

using namespace tether_test;
using tether::status;

namespace {

bool has_signal(const boost::json::object& doc, const char* signal) {
    for (const auto& f : doc.at("diagnosis").as_array())
        if (f.at("signal").as_string() == signal) return true;
    return false;
}

}  // namespace

TEST_CASE("a record that cannot be loaded gives a document that names the storage, not a never-authorized one") {
    engine_harness h;
    h.seed_tokens("conn-1", "access-token-1a2b3c4d5e6f", "refresh-token-6f5e4d3c2b1a");
    auto c = h.open("conn-1");
    h.host().fail_next_loads(1);
    const auto o = c->health(false, false);
    REQUIRE(o.code == status::ok);
    const auto doc = boost::json::parse(o.body).as_object();
    CHECK(doc.at("state").as_string() == "unknown");
    CHECK(has_signal(doc, "storage_unavailable"));
    CHECK_FALSE(has_signal(doc, "never_authorized"));
}

TEST_CASE("a storage failure after the record was read shows the last known state as degraded") {
    engine_harness h;
    h.seed_tokens("conn-1", "access-token-1a2b3c4d5e6f", "refresh-token-6f5e4d3c2b1a");
    auto c = h.open("conn-1");
    REQUIRE(boost::json::parse(c->health(false, false).body).at("state").as_string() == "healthy");
    // A must-keep change held in memory makes the next health read the store again: it fails.
    h.host().break_stores(true);
    h.http().respond(200, token_grant("access-token-new-9f8e7d", "refresh-token-new-1c2d3e", 604799));
    REQUIRE(c->refresh(true).code == status::storage_error);
    h.host().fail_next_loads(1);
    const auto doc = boost::json::parse(c->health(false, false).body).as_object();
    CHECK(doc.at("state").as_string() == "degraded");
    CHECK(has_signal(doc, "storage_unavailable"));
    CHECK(has_signal(doc, "tokens_unsaved"));
    h.check_no_secret_leaked({"access-token-new-9f8e7d", "refresh-token-new-1c2d3e"});
}
