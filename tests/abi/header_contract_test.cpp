// The tether.h contract parser on literal snippets, and on the real header: every function has a list.
#include "tests/abi/header_contract.hpp"

#include <catch2/catch.hpp>
#include <string>

using tether_test::parse_header_contract;
using statuses = std::set<tether_status>;

TEST_CASE("the parser reads a one-sentence list and stops at its full stop") {
    const auto c = parse_header_contract(R"(
/* Validates a manifest. Returns TETHER_OK or TETHER_CONFIG_ERROR; the message lists every problem. Later
 * calls may give TETHER_TRANSIENT. */
TETHER_API tether_status tether_a(const char *path);
)");
    CHECK(c.problems.empty());
    CHECK(c.returns.at("tether_a") == statuses{TETHER_OK, TETHER_CONFIG_ERROR});
}

TEST_CASE("the parser reads a Returns: block to the end of the comment") {
    const auto c = parse_header_contract(R"(
/* Opens a thing.
 * Returns:
 *   TETHER_OK
 *   TETHER_CONFIG_ERROR   reason "abi_version_mismatch" (the host's major differs),
 *                         "manifest_invalid" (message: file:line:col: message)
 *   TETHER_INTERNAL       out of memory or a bug */
TETHER_API tether_status tether_b(void);
)");
    CHECK(c.problems.empty());
    CHECK(c.returns.at("tether_b") == statuses{TETHER_OK, TETHER_CONFIG_ERROR, TETHER_INTERNAL});
}

TEST_CASE("names in parentheses or quotes explain and are not part of the list") {
    const auto c = parse_header_contract(R"(
/* Returns TETHER_OK, TETHER_TRANSIENT (never TETHER_FORBIDDEN; e.g. "TETHER_NOT_FOUND." is not listed either),
 * TETHER_INTERNAL. */
TETHER_API tether_status tether_c(void);
)");
    CHECK(c.problems.empty());
    CHECK(c.returns.at("tether_c") == statuses{TETHER_OK, TETHER_TRANSIENT, TETHER_INTERNAL});
}

TEST_CASE("a comment without a parsable list is a problem naming the function") {
    const auto c = parse_header_contract(R"(
/* Does a thing; when it fails the status is TETHER_TRANSIENT. */
TETHER_API tether_status tether_no_list(void);

/* Returns TETHER_OK. Returns TETHER_INTERNAL. */
TETHER_API tether_status tether_two_lists(void);

/* Returns TETHER_OK, TETHER_MAYBE. */
TETHER_API tether_status tether_unknown_name(void);

/* Returns TETHER_OK (when it works. */
TETHER_API tether_status tether_unclosed(void);

/* Returns nothing useful. */
TETHER_API tether_status tether_empty_list(void);

/* Returns TETHER_OK. */
typedef int spacer;
TETHER_API tether_status tether_comment_elsewhere(void);
)");
    CHECK(c.returns.empty());
    REQUIRE(c.problems.size() == 6);
    CHECK_THAT(c.problems[0], Catch::StartsWith("tether_no_list: ") && Catch::Contains("no \"Returns\" list"));
    CHECK_THAT(c.problems[1], Catch::StartsWith("tether_two_lists: ") && Catch::Contains("more than one"));
    CHECK_THAT(c.problems[2], Catch::StartsWith("tether_unknown_name: ") && Catch::Contains("TETHER_MAYBE"));
    CHECK_THAT(c.problems[3], Catch::StartsWith("tether_unclosed: "));
    CHECK_THAT(c.problems[4], Catch::StartsWith("tether_empty_list: "));
    CHECK_THAT(c.problems[5], Catch::StartsWith("tether_comment_elsewhere: ") && Catch::Contains("no comment"));
}

TEST_CASE("functions that return no tether_status, and the status accessor, are not part of the contract") {
    const auto c = parse_header_contract(R"(
/* Frees a thing. */
TETHER_API void tether_free(void *thing);
TETHER_API tether_status tether_result_status(const tether_result *result);
)");
    CHECK(c.returns.empty());
    CHECK(c.problems.empty());
}

TEST_CASE("status names map both ways through the library's own names") {
    for (tether_status s = TETHER_OK; s <= TETHER_INTERNAL; ++s)
        CHECK(tether_test::status_of(tether_test::status_constant(s)) == s);
    CHECK(tether_test::status_constant(TETHER_RECONNECT_REQUIRED) == "TETHER_RECONNECT_REQUIRED");
    CHECK_FALSE(tether_test::status_of("TETHER_LOG_WARN").has_value());
}

TEST_CASE("every function of tether.h that returns a tether_status has a parsable Returns list") {
    const auto c = parse_header_contract(
        tether_test::read_text_file(std::string(TETHER_SOURCE_DIR) + "/sdk_shim/include/tether/tether.h"));
    for (const auto& problem : c.problems) FAIL_CHECK("tether.h: " << problem);
    CHECK(c.returns.size() == 16);
}
