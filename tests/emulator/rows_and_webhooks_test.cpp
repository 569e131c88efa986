// Writing through the API: rows added, updated, deleted; webhooks created, listed, enabled, deleted.
#include <catch2/catch.hpp>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;
using boost::json::array;
using boost::json::object;

namespace {
constexpr std::int64_t sheet = demo::budget_sheet;
constexpr std::int64_t primary_column = sheet * 10 + 1;
constexpr std::int64_t status_column = sheet * 10 + 2;

object row_with(const char* primary, const char* status) {
    return object{{"cells", array{object{{"columnId", primary_column}, {"value", primary}},
                                  object{{"columnId", status_column}, {"value", status}}}}};
}
}  // namespace

TEST_CASE("rows can be added, updated and deleted") {
    test_world world;
    const std::string token = world.tokens().access_token;
    const std::string rows = world.api("/sheets/" + std::to_string(sheet) + "/rows");

    const http_response added =
        send_json("POST", rows, array{row_with("Travel", "300"), row_with("Food", "50")}, token);
    REQUIRE(added.status == 200);
    CHECK(added.json().at("message").as_string() == "SUCCESS");
    const boost::json::value added_body = added.json();
    const auto& result = added_body.at("result").as_array();
    REQUIRE(result.size() == 2);
    const std::int64_t travel = result.at(0).at("id").as_int64();
    const std::int64_t food = result.at(1).at("id").as_int64();

    const object change{{"id", travel}, {"cells", array{object{{"columnId", status_column}, {"value", 450}}}}};
    const http_response updated = send_json("PUT", rows, array{change}, token);
    REQUIRE(updated.status == 200);
    CHECK(updated.json().at("result").at(0).at("cells").at(1).at("value").as_string() == "450");

    const http_response unknown_row = send_json("PUT", rows, object{{"id", 42}, {"cells", array{}}}, token);
    CHECK(unknown_row.error_code() == 1006);
    CHECK(send_json("PUT", rows, object{{"cells", array{}}}, token).error_code() == 1012);

    const http_response deleted = perform({.method = "DELETE",
                                           .url = rows + "?ids=" + std::to_string(travel) + "," + std::to_string(food),
                                           .bearer = token});
    REQUIRE(deleted.status == 200);
    CHECK(deleted.json().at("result").as_array().size() == 2);
    CHECK(get(world.api("/sheets/" + std::to_string(sheet)), token).json().at("totalRowCount").as_int64() == 1);
}

TEST_CASE("deleting rows needs ids (1009) that exist (1006)") {
    test_world world;
    const std::string token = world.tokens().access_token;
    const std::string rows = world.api("/sheets/" + std::to_string(sheet) + "/rows");
    CHECK(perform({.method = "DELETE", .url = rows, .bearer = token}).error_code() == 1009);
    CHECK(perform({.method = "DELETE", .url = rows + "?ids=123", .bearer = token}).error_code() == 1006);
    CHECK(perform({.method = "DELETE", .url = rows + "?ids=1,x", .bearer = token}).error_code() == 1018);
}

TEST_CASE(
    "webhooks: create (disabled, NEW_NOT_VERIFIED), list, get, enable (unreachable: verification fails), delete") {
    test_world world;
    const std::string token = world.tokens().access_token;
    const object hook{{"name", "rows"},         {"callbackUrl", "https://hooks.example/cb"},
                      {"scope", "sheet"},       {"scopeObjectId", sheet},
                      {"events", array{"*.*"}}, {"version", 1}};

    const http_response created = send_json("POST", world.api("/webhooks"), hook, token);
    REQUIRE(created.status == 200);
    const boost::json::value created_body = created.json();
    const auto& result = created_body.at("result");
    const std::int64_t id = result.at("id").as_int64();
    CHECK(result.at("enabled").as_bool() == false);
    CHECK(result.at("status").as_string() == "NEW_NOT_VERIFIED");
    CHECK_FALSE(result.at("sharedSecret").as_string().empty());

    const auto list = get(world.api("/webhooks"), token).json();
    CHECK(list.at("totalCount").as_int64() == 1);
    const std::string one = world.api("/webhooks/" + std::to_string(id));
    CHECK(get(one, token).json().at("name").as_string() == "rows");

    // The emulator reaches loopback subscribers only: this one cannot answer the challenge.
    const http_response enabled = send_json("PUT", one, object{{"enabled", true}}, token);
    REQUIRE(enabled.status == 200);
    CHECK(enabled.json().at("result").at("status").as_string() == "DISABLED_VERIFICATION_FAILED");
    CHECK(enabled.json().at("result").at("enabled").as_bool() == false);

    // Another user does not see it.
    const std::string other = world.emulator.issue_tokens(demo::other_user, {"ADMIN_WEBHOOKS"}).access_token;
    CHECK(get(one, other).error_code() == 1006);

    CHECK(perform({.method = "DELETE", .url = one, .bearer = token}).status == 200);
    CHECK(get(one, token).status == 404);
}

TEST_CASE("webhook creation checks attributes (1012), https (1152) and the scope object (1151)") {
    test_world world;
    const std::string token = world.tokens().access_token;
    object hook{{"name", "rows"},         {"callbackUrl", "https://hooks.example/cb"},
                {"scope", "sheet"},       {"scopeObjectId", sheet},
                {"events", array{"*.*"}}, {"version", 1}};

    object no_events = hook;
    no_events.erase("events");
    CHECK(send_json("POST", world.api("/webhooks"), no_events, token).error_code() == 1012);

    object plain_http = hook;
    plain_http["callbackUrl"] = "http://hooks.example/cb";
    CHECK(send_json("POST", world.api("/webhooks"), plain_http, token).error_code() == 1152);

    object unshared = hook;
    unshared["scopeObjectId"] = demo::private_sheet;
    CHECK(send_json("POST", world.api("/webhooks"), unshared, token).error_code() == 1151);
}
