// Pagination as pure functions: the query of each page, reading offset and token pages (and pages that do
// not have the manifest's shape), and the concatenated result with its cap.
#include "plugin/call/pagination.hpp"

#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "plugin/manifest/manifest.hpp"

namespace m = tether::manifest;
using namespace tether::call;

namespace {

const m::connector_manifest& smartsheet() {
    static const auto loaded = m::load_manifest_file(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml");
    REQUIRE(loaded.manifest);
    return *loaded.manifest;
}

const m::pagination_spec& paging_of(const char* operation) {
    const auto* op = smartsheet().find_operation(operation);
    REQUIRE(op);
    return op->pagination;
}

using query = std::vector<std::pair<std::string, std::string>>;

}  // namespace

TEST_CASE("offset pages ask for their number and the page size") {
    const auto& spec = paging_of("sheets.list");
    const auto first = first_page(spec);
    CHECK(first.page_number == 1);
    CHECK(page_query(spec, first) == query{{"page", "1"}, {"pageSize", "100"}});
    CHECK(page_query(spec, {3, {}}) == query{{"page", "3"}, {"pageSize", "100"}});
}

TEST_CASE("token pages send the fixed query and the limit, and the cursor after the first page") {
    const auto& spec = paging_of("workspaces.list");
    CHECK(page_query(spec, first_page(spec)) == query{{"paginationType", "token"}, {"maxItems", "100"}});
    CHECK(page_query(spec, {2, "k3005"}) ==
          query{{"paginationType", "token"}, {"maxItems", "100"}, {"lastKey", "k3005"}});
}

TEST_CASE("an offset page is the last when it is the total number of pages") {
    const auto& spec = paging_of("sheets.list");
    const auto body =
        boost::json::parse(R"({"pageNumber":1,"totalPages":3,"totalCount":5,"data":[{"id":1},{"id":2}]})");
    const auto first = read_page(spec, body, {1, {}});
    REQUIRE(first.problem.empty());
    REQUIRE(first.items);
    CHECK(first.items->size() == 2);
    REQUIRE(first.next);
    CHECK(first.next->page_number == 2);
    CHECK_FALSE(read_page(spec, body, {3, {}}).next);
    CHECK_FALSE(read_page(spec, body, {7, {}}).next);  // past the end (the provider repeats its last page)
    const auto empty = boost::json::parse(R"({"totalPages":0,"data":[]})");
    CHECK_FALSE(read_page(spec, empty, {1, {}}).next);
}

TEST_CASE("a token page continues while there is a cursor") {
    const auto& spec = paging_of("workspaces.list");
    const auto more = read_page(spec, boost::json::parse(R"({"data":[{"id":1}],"lastKey":"k1"})"), {1, {}});
    REQUIRE(more.problem.empty());
    REQUIRE(more.next);
    CHECK(more.next->cursor == "k1");
    const auto numeric = read_page(spec, boost::json::parse(R"({"data":[],"lastKey":42})"), {1, {}});
    REQUIRE(numeric.next);
    CHECK(numeric.next->cursor == "42");
    for (const char* last :
         {R"({"data":[{"id":2}]})", R"({"data":[],"lastKey":null})", R"({"data":[],"lastKey":""})"}) {
        INFO(last);
        const auto page = read_page(spec, boost::json::parse(last), {2, "k1"});
        CHECK(page.problem.empty());
        CHECK_FALSE(page.next);
    }
}

TEST_CASE("pages that do not have the manifest's shape are problems, not silent ends") {
    const auto& offset = paging_of("sheets.list");
    const auto& token = paging_of("workspaces.list");
    CHECK_FALSE(read_page(offset, boost::json::parse(R"({"totalPages":2})"), {1, {}}).problem.empty());
    CHECK_FALSE(read_page(offset, boost::json::parse(R"({"totalPages":2,"data":{}})"), {1, {}}).problem.empty());
    CHECK_FALSE(read_page(offset, boost::json::parse(R"({"data":[]})"), {1, {}}).problem.empty());
    CHECK_FALSE(read_page(offset, boost::json::parse(R"({"data":[],"totalPages":"2"})"), {1, {}}).problem.empty());
    CHECK_FALSE(read_page(offset, boost::json::parse(R"([1,2])"), {1, {}}).problem.empty());
    CHECK_FALSE(read_page(token, boost::json::parse(R"({"data":[],"lastKey":{"a":1}})"), {1, {}}).problem.empty());
    const auto stuck = read_page(token, boost::json::parse(R"({"data":[{"id":1}],"lastKey":"k1"})"), {2, "k1"});
    CHECK_THAT(stuck.problem, Catch::Contains("never end"));
}

TEST_CASE("the collector concatenates pages into data, up to the cap") {
    const auto page1 = boost::json::parse(R"({"totalCount":5,"data":[1,2]})");
    const auto page2 = boost::json::parse(R"({"totalCount":5,"data":[3,4]})");
    const auto page3 = boost::json::parse(R"({"totalCount":5,"data":[5]})");

    page_collector all(0);
    for (const auto* p : {&page1, &page2, &page3}) all.add(*p, p->at("data").as_array());
    CHECK_FALSE(all.full());
    CHECK(boost::json::parse(all.result_body(false)) ==
          boost::json::parse(R"({"data":[1,2,3,4,5],"pages":3,"truncated":false,"totalCount":5})"));

    page_collector capped(3);
    capped.add(page1, page1.at("data").as_array());
    CHECK_FALSE(capped.full());
    capped.add(page2, page2.at("data").as_array());
    CHECK(capped.full());
    CHECK(boost::json::parse(capped.result_body(true)) ==
          boost::json::parse(R"({"data":[1,2,3],"pages":2,"truncated":true,"totalCount":5})"));

    page_collector exact(2);  // the cap met exactly on the last page: nothing was left out
    const auto only = boost::json::parse(R"({"data":[1,2]})");
    exact.add(only, only.at("data").as_array());
    CHECK(boost::json::parse(exact.result_body(false)) ==
          boost::json::parse(R"({"data":[1,2],"pages":1,"truncated":false})"));
}
