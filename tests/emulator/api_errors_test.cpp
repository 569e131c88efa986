// The API's error answers: 401 (1001, 1002, 1003), 403/1004 on sharing and scopes, 404/1006, 405/1010,
// 400/1008 and 400/1012 — and the success paths next to them.
#include <catch2/catch.hpp>
#include <set>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;

TEST_CASE("GET /users/me answers the token's user, with any scope") {
    test_world world;
    const http_response response = world.me(world.tokens({"READ_CONTACTS"}).access_token);
    REQUIRE(response.status == 200);
    CHECK(response.json().at("id").as_int64() == demo::demo_user);
    CHECK(response.json().at("email").as_string() == "demo@example.com");
}

TEST_CASE("401 with 1001 without a token, 1002 with an unknown one") {
    test_world world;
    const http_response none = get(world.api("/users/me"));
    CHECK(none.status == 401);
    CHECK(none.error_code() == 1001);
    CHECK_FALSE(text(none, "refId").empty());

    const http_response unknown = world.me("notarealtoken000000000000");
    CHECK(unknown.status == 401);
    CHECK(unknown.error_code() == 1002);
}

TEST_CASE("403/1004 on a sheet not shared with the token's user, shared and owned sheets are readable") {
    test_world world;
    const std::string token = world.tokens().access_token;

    const http_response unshared = get(world.api("/sheets/" + std::to_string(demo::private_sheet)), token);
    CHECK(unshared.status == 403);
    CHECK(unshared.error_code() == 1004);

    const http_response shared = get(world.api("/sheets/" + std::to_string(demo::team_roster_sheet)), token);
    CHECK(shared.status == 200);
    CHECK(shared.json().at("accessLevel").as_string() == "VIEWER");

    const http_response owned = get(world.api("/sheets/" + std::to_string(demo::project_plan_sheet)), token);
    REQUIRE(owned.status == 200);
    CHECK(owned.json().at("accessLevel").as_string() == "OWNER");
    CHECK(owned.json().at("rows").as_array().size() == 3);

    // Sharing it later fixes it; unsharing breaks it again.
    world.emulator.share_sheet(demo::private_sheet, demo::demo_user, access_viewer);
    CHECK(get(world.api("/sheets/" + std::to_string(demo::private_sheet)), token).status == 200);
    world.emulator.unshare_sheet(demo::private_sheet, demo::demo_user);
    CHECK(get(world.api("/sheets/" + std::to_string(demo::private_sheet)), token).status == 403);
}

TEST_CASE("404/1006 for unknown ids and paths, 405/1010 for a method a path does not have") {
    test_world world;
    const std::string token = world.tokens().access_token;
    for (const char* path : {"/sheets/999999", "/webhooks/12345", "/no/such/thing", "/sheets/not-a-number"}) {
        INFO(path);
        const http_response response = get(world.api(path), token);
        CHECK(response.status == 404);
        CHECK(response.error_code() == 1006);
    }
    const http_response wrong_method = perform({.method = "PATCH", .url = world.api("/users/me"), .bearer = token});
    CHECK(wrong_method.status == 405);
    CHECK(wrong_method.error_code() == 1010);
}

TEST_CASE("400/1008 for an unparsable body, 400/1012 for a missing attribute") {
    test_world world;
    const std::string token = world.tokens().access_token;
    const std::string rows = world.api("/sheets/" + std::to_string(demo::project_plan_sheet) + "/rows");

    const http_response garbage = perform(
        {.method = "POST", .url = rows, .body = "{not json", .content_type = "application/json", .bearer = token});
    CHECK(garbage.status == 400);
    CHECK(garbage.error_code() == 1008);

    const http_response no_cells = send_json("POST", rows, boost::json::object{{"toBottom", true}}, token);
    CHECK(no_cells.status == 400);
    CHECK(no_cells.error_code() == 1012);
    CHECK(text(no_cells, "message").find("row.cells") != std::string::npos);

    const http_response no_column = send_json(
        "POST", rows, boost::json::object{{"cells", boost::json::array{boost::json::object{{"value", "x"}}}}}, token);
    CHECK(no_column.error_code() == 1012);
}

TEST_CASE("scopes are enforced: a READ_SHEETS token reads but cannot add rows (403/1004)") {
    test_world world;
    const std::string reader = world.tokens({"READ_SHEETS"}).access_token;
    const std::string sheet = world.api("/sheets/" + std::to_string(demo::project_plan_sheet));

    CHECK(get(sheet, reader).status == 200);
    const boost::json::object row{{"cells", boost::json::array{boost::json::object{
                                                {"columnId", demo::project_plan_sheet * 10 + 1}, {"value", "x"}}}}};
    const http_response write = send_json("POST", sheet + "/rows", row, reader);
    CHECK(write.status == 403);
    CHECK(write.error_code() == 1004);

    const std::string writer_without_read = world.tokens({"WRITE_SHEETS"}).access_token;
    CHECK(get(sheet, writer_without_read).status == 403);
    CHECK(get(world.api("/webhooks"), reader).status == 403);  // ADMIN_WEBHOOKS needed
}

TEST_CASE("a VIEWER share can read a sheet but not change its rows") {
    test_world world;
    const std::string token = world.tokens().access_token;
    const std::int64_t roster = demo::team_roster_sheet;
    const boost::json::object row{
        {"cells", boost::json::array{boost::json::object{{"columnId", roster * 10 + 1}, {"value", "x"}}}}};
    const http_response write = send_json("POST", world.api("/sheets/" + std::to_string(roster) + "/rows"), row, token);
    CHECK(write.status == 403);
    CHECK(write.error_code() == 1004);
}

TEST_CASE("every error carries a distinct refId") {
    test_world world;
    std::set<std::string> ref_ids;
    for (int i = 0; i < 20; ++i) ref_ids.insert(text(get(world.api("/users/me")), "refId"));
    CHECK(ref_ids.size() == 20);
}
