// Offset paging (GET /sheets), token paging (GET /workspaces) and search.
#include <catch2/catch.hpp>

#include "tests/emulator/test_world.hpp"

using namespace tether::emulator;
using namespace tether::emulator::testing;

namespace {
std::vector<std::int64_t> ids_of(const boost::json::value& page) {
    std::vector<std::int64_t> ids;
    for (const auto& item : page.at("data").as_array()) ids.push_back(item.at("id").as_int64());
    return ids;
}
}  // namespace

TEST_CASE("GET /sheets pages by offset: three pages, a page past the end, includeAll") {
    test_world world;  // the demo user sees 3 sheets; 4 more make 7
    for (std::int64_t id = 2101; id <= 2104; ++id)
        world.emulator.add_sheet(id, "Extra " + std::to_string(id), demo::demo_user);
    const std::string token = world.tokens().access_token;

    const auto page = [&](const std::string& query) { return get(world.api("/sheets?" + query), token).json(); };
    const auto first = page("pageSize=3&page=1");
    CHECK(first.at("pageNumber").as_int64() == 1);
    CHECK(first.at("pageSize").as_int64() == 3);
    CHECK(first.at("totalPages").as_int64() == 3);
    CHECK(first.at("totalCount").as_int64() == 7);
    CHECK(ids_of(first) == std::vector<std::int64_t>{2001, 2002, 2003});
    CHECK(ids_of(page("pageSize=3&page=2")) == std::vector<std::int64_t>{2101, 2102, 2103});
    CHECK(ids_of(page("pageSize=3&page=3")) == std::vector<std::int64_t>{2104});

    const auto past_end = page("pageSize=3&page=9");  // Smartsheet answers the last page
    CHECK(past_end.at("pageNumber").as_int64() == 3);
    CHECK(ids_of(past_end) == std::vector<std::int64_t>{2104});

    const auto all = page("includeAll=true");
    CHECK(all.at("totalPages").as_int64() == 1);
    CHECK(all.at("data").as_array().size() == 7);

    const auto defaults = page("");
    CHECK(defaults.at("pageSize").as_int64() == 100);
    CHECK(defaults.at("data").as_array().size() == 7);
}

TEST_CASE("GET /workspaces pages by token: maxItems, lastKey, no lastKey on the last page") {
    test_world world;  // 5 workspaces
    const std::string token = world.tokens().access_token;

    std::vector<std::int64_t> seen;
    std::string last_key;
    int pages = 0;
    do {
        std::string query = "paginationType=token&maxItems=2";
        if (!last_key.empty()) query += "&lastKey=" + last_key;
        const http_response response = get(world.api("/workspaces?" + query), token);
        REQUIRE(response.status == 200);
        const auto body = response.json().as_object();
        for (auto id : ids_of(body)) seen.push_back(id);
        last_key = body.contains("lastKey") ? std::string(body.at("lastKey").as_string()) : "";
        ++pages;
    } while (!last_key.empty() && pages < 10);

    CHECK(pages == 3);
    CHECK(seen == std::vector<std::int64_t>{3001, 3002, 3003, 3004, 3005});
}

TEST_CASE("unparsable paging parameters answer 400/1018") {
    test_world world;
    const std::string token = world.tokens().access_token;
    for (const char* query : {"/sheets?page=abc", "/sheets?pageSize=0", "/workspaces?paginationType=token&maxItems=-1",
                              "/workspaces?paginationType=token&lastKey=garbage"}) {
        INFO(query);
        const http_response response = get(world.api(query), token);
        CHECK(response.status == 400);
        CHECK(response.error_code() == 1018);
    }
}

TEST_CASE("GET /search finds sheet names and cell values the user can see, and nothing else") {
    test_world world;
    world.emulator.add_row(demo::private_sheet, {"Launch budget secret", ""});
    const std::string token = world.tokens().access_token;

    const auto results = get(world.api("/search?query=launch"), token).json();
    CHECK(results.at("totalCount").as_int64() == 1);  // the Project Plan row, not the private sheet's
    const auto& hit = results.at("results").as_array().at(0);
    CHECK(hit.at("objectType").as_string() == "row");
    CHECK(hit.at("parentObjectId").as_int64() == demo::project_plan_sheet);

    const auto by_name = get(world.api("/search?query=budget"), token).json();
    CHECK(by_name.at("results").as_array().at(0).at("objectType").as_string() == "sheet");

    const http_response no_query = get(world.api("/search"), token);
    CHECK(no_query.status == 400);
    CHECK(no_query.error_code() == 1009);
}
