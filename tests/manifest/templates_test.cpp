// {placeholder} templates: parsed once, errors located to the character, expanded per use.
#include "plugin/manifest/templates.hpp"

#include <catch2/catch.hpp>

namespace m = tether::manifest;

TEST_CASE("a template splits into literals and placeholders") {
    auto parsed = m::parse_template("/sheets/{sheetId}/rows/{rowId}");
    REQUIRE(std::holds_alternative<m::string_template>(parsed));
    const auto& t = std::get<m::string_template>(parsed);
    CHECK(t.placeholders() == std::vector<std::string>{"sheetId", "rowId"});
    CHECK(t.parts.size() == 4);
    CHECK(m::expand(t, [](std::string_view name) { return name == "sheetId" ? std::string("1") : std::string("2"); }) ==
          "/sheets/1/rows/2");
}

TEST_CASE("template syntax errors say what and where") {
    struct row {
        const char* text;
        std::size_t offset;
        const char* message;
    };
    for (const row& r :
         {row{"/a/{id", 3, "unclosed '{'"}, row{"/a/id}", 5, "unmatched '}'"}, row{"/a/{}", 3, "empty placeholder"},
          row{"/a/{1x}", 4, "must start with a letter"}, row{"/a/{a-b}", 5, "only letters, digits and '_'"}}) {
        INFO(r.text);
        auto parsed = m::parse_template(r.text);
        REQUIRE(std::holds_alternative<m::template_error>(parsed));
        CHECK(std::get<m::template_error>(parsed).offset == r.offset);
        CHECK_THAT(std::get<m::template_error>(parsed).message, Catch::Matchers::Contains(r.message));
    }
}
