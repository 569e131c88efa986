// bind_request: a caller's parameters checked against an operation and placed in path, query and headers.
#include "plugin/manifest/request_binding.hpp"

#include <boost/json/parse.hpp>
#include <catch2/catch.hpp>

#include "manifest_fixtures.hpp"
#include "plugin/manifest/manifest.hpp"

namespace m = tether::manifest;
using Catch::Matchers::Contains;

namespace {

const m::connector_manifest& smartsheet() {
    static const auto loaded = m::load_manifest_file(m::testing::smartsheet_path).manifest;
    REQUIRE(loaded);
    return *loaded;
}

const m::operation& op(const char* name) {
    const auto* found = smartsheet().find_operation(name);
    REQUIRE(found);
    return *found;
}

m::bound_request bind_ok(const m::operation& operation, const char* params) {
    auto result = m::bind_request(operation, boost::json::parse(params).as_object());
    if (auto* errors = std::get_if<std::vector<std::string>>(&result)) {
        for (const auto& e : *errors) UNSCOPED_INFO(e);
        FAIL("parameters were rejected");
    }
    return std::get<m::bound_request>(result);
}

std::string bind_errors(const m::operation& operation, const char* params) {
    auto result = m::bind_request(operation, boost::json::parse(params).as_object());
    auto* errors = std::get_if<std::vector<std::string>>(&result);
    REQUIRE(errors);
    std::string out;
    for (const auto& e : *errors) out += e + "\n";
    return out;
}

}  // namespace

TEST_CASE("rows.delete puts the sheet in the path and the row ids in the query") {
    auto request = bind_ok(op("rows.delete"), R"({"sheetId": 4583173393803140, "ids": [1, 2]})");
    CHECK(request.method == m::http_method::del);
    CHECK(request.path == "/sheets/4583173393803140/rows");
    CHECK(request.query == std::vector<std::pair<std::string, std::string>>{{"ids", "1,2"}});
    CHECK(request.target() == "/sheets/4583173393803140/rows?ids=1,2");
}

TEST_CASE("missing, unknown and mistyped parameters are each named") {
    CHECK_THAT(bind_errors(op("rows.delete"), R"({"ids": [1]})"),
               Contains("missing required parameter 'sheetId' of operation 'rows.delete'"));
    CHECK_THAT(bind_errors(op("rows.delete"), R"({"sheetId": 1, "ids": [1], "idz": [2]})"),
               Contains("unknown parameter 'idz' for operation 'rows.delete' (did you mean 'ids'?"));
    CHECK_THAT(
        bind_errors(op("rows.delete"), R"({"sheetId": "abc", "ids": [1, "2"]})"),
        Contains("parameter 'sheetId' of operation 'rows.delete' must be an integer, got a string") &&
            Contains(
                "parameter 'ids' of operation 'rows.delete' must be an array of integers, but item 2 is a string"));
    CHECK_THAT(bind_errors(op("sheets.get"), R"({"sheetId": 1, "include": ["format", "colour"]})"),
               Contains("item 2 of parameter 'include' of operation 'sheets.get' must be one of:"));
    CHECK_THAT(bind_errors(op("sheets.get"), R"({"sheetId": 1, "level": -1})"), Contains("must be at least 0"));
}

TEST_CASE("parameters may be given as text, as a command line gives them") {
    auto request = bind_ok(op("rows.delete"), R"({"sheetId": "2001", "ids": "1,2"})");
    CHECK(request.target() == "/sheets/2001/rows?ids=1,2");
    CHECK_THAT(bind_errors(op("rows.delete"), R"({"sheetId": "20x1", "ids": "1"})"),
               Contains("parameter 'sheetId' of operation 'rows.delete' must be an integer, got a string"));
}

TEST_CASE("pagination parameters belong to the engine, not the caller") {
    CHECK_THAT(bind_errors(op("sheets.list"), R"({"page": 2})"),
               Contains("parameter 'page' of operation 'sheets.list' is set by tether's pagination"));
    CHECK_THAT(bind_errors(op("workspaces.list"), R"({"paginationType": "token"})"),
               Contains("set by tether's pagination"));
}

TEST_CASE("booleans and strings are rendered for the query, and encoded in the target") {
    auto request = bind_ok(op("search"), R"({"query": "Q3 plan & budget", "include": ["favoriteFlag"]})");
    CHECK(request.path == "/search");
    CHECK(request.query ==
          std::vector<std::pair<std::string, std::string>>{{"query", "Q3 plan & budget"}, {"include", "favoriteFlag"}});
    CHECK(request.target() == "/search?query=Q3%20plan%20%26%20budget&include=favoriteFlag");
    auto rows = bind_ok(op("rows.add"), R"({"sheetId": 7, "allowPartialSuccess": true})");
    CHECK(rows.target() == "/sheets/7/rows?allowPartialSuccess=true");
}

TEST_CASE("path values are percent-encoded and header values cannot break lines") {
    std::string text = m::testing::minimal_manifest;
    text +=
        "  files.get:\n    method: GET\n    path: /files/{name}\n    params:\n"
        "      name: {in: path, type: string}\n      X-Trace: {in: header, type: string}\n"
        "      format: {in: query, type: string, default: json}\n";
    auto loaded = m::load_manifest_text(text, "files.yaml");
    for (const auto& d : loaded.diagnostics) UNSCOPED_INFO(m::to_string(d));
    REQUIRE(loaded.manifest);
    const auto& files = *loaded.manifest->find_operation("files.get");
    auto request = bind_ok(files, R"({"name": "../a b/c", "X-Trace": "t-1"})");
    CHECK(request.path == "/files/..%2Fa%20b%2Fc");
    CHECK(request.headers == std::vector<std::pair<std::string, std::string>>{{"X-Trace", "t-1"}});
    CHECK(request.query == std::vector<std::pair<std::string, std::string>>{{"format", "json"}});  // the default
    CHECK_THAT(bind_errors(files, R"({"name": "a", "X-Trace": "t\r\nX-Evil: 1"})"),
               Contains("parameter 'X-Trace' of operation 'files.get' must not contain line breaks"));
}
