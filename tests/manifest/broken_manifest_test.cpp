// Broken manifests: every problem is reported, in one pass, at its line:col, saying what was expected.
// Each fixture in broken/ lists what it must produce in trailing comments:
//   # expect: LINE:COL: phrase the message must contain
// and must produce exactly those diagnostics, in that order.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "manifest_fixtures.hpp"
#include "plugin/manifest/manifest.hpp"

namespace m = tether::manifest;
namespace fs = std::filesystem;
using Catch::Matchers::Contains;
using m::testing::broken_dir;
using m::testing::minimal_manifest;

namespace {

struct expectation {
    int line = 0;
    int column = 0;
    std::string phrase;
};

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::vector<expectation> expectations_in(const std::string& text) {
    std::vector<expectation> out;
    std::istringstream lines(text);
    const std::string marker = "# expect: ";
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(marker, 0) != 0) continue;
        expectation e;
        char colon1 = 0, colon2 = 0;
        std::istringstream fields(line.substr(marker.size()));
        fields >> e.line >> colon1 >> e.column >> colon2;
        std::getline(fields, e.phrase);
        e.phrase.erase(0, e.phrase.find_first_not_of(' '));
        out.push_back(e);
    }
    return out;
}

std::vector<fs::path> broken_fixtures() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(broken_dir))
        if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

std::string all_messages(const m::load_result& result) {
    std::string out;
    for (const auto& d : result.diagnostics) out += m::to_string(d) + "\n";
    return out;
}

}  // namespace

TEST_CASE("the minimal manifest the broken fixtures vary is itself valid") {
    auto result = m::load_manifest_text(minimal_manifest, "minimal.yaml");
    INFO(all_messages(result));
    CHECK(result.diagnostics.empty());
    CHECK(result.manifest);
}

TEST_CASE("every broken manifest reports exactly its expected problems at their line:col") {
    auto files = broken_fixtures();
    REQUIRE(files.size() >= 25);
    for (const auto& path : files) {
        DYNAMIC_SECTION(path.filename().string()) {
            auto result = m::load_manifest_file(path.string());
            auto expected = expectations_in(read_text(path));
            if (path.filename() == "empty.yaml") expected = {{1, 1, "the manifest is empty"}};
            INFO(all_messages(result));
            REQUIRE_FALSE(expected.empty());
            CHECK_FALSE(result.manifest);
            REQUIRE(result.diagnostics.size() == expected.size());
            for (std::size_t i = 0; i < expected.size(); ++i) {
                const auto& d = result.diagnostics[i];
                CHECK(d.file == path.string());
                CHECK(d.line == expected[i].line);
                CHECK(d.column == expected[i].column);
                CHECK_THAT(d.message, Contains(expected[i].phrase));
            }
        }
    }
}

TEST_CASE("several problems in one manifest are all reported in one pass, in order of position") {
    auto result = m::load_manifest_file(broken_dir + "/several_problems.yaml");
    CHECK_FALSE(result.manifest);
    REQUIRE(result.diagnostics.size() == 7);
    CHECK(std::is_sorted(result.diagnostics.begin(), result.diagnostics.end(), [](const auto& a, const auto& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    }));
    // A broken setting is reported once, not again wherever it is used (auth.credentials names it).
    for (const auto& d : result.diagnostics) CHECK_THAT(d.message, !Contains("'client_secret', which is not declared"));
}

TEST_CASE("a diagnostic reads file:line:col: message") {
    CHECK(m::to_string(m::diagnostic{"smartsheet.yaml", 12, 5, "unknown key 'scops' in 'auth'"}) ==
          "smartsheet.yaml:12:5: unknown key 'scops' in 'auth'");
    CHECK(m::to_string(m::diagnostic{"gone.yaml", 0, 0, "cannot read the manifest: No such file or directory"}) ==
          "gone.yaml: cannot read the manifest: No such file or directory");
}

TEST_CASE("a YAML syntax error is a located diagnostic, not an exception") {
    auto result = m::load_manifest_text("format_version: 1\nconnector: {name: x\n", "bad.yaml");
    CHECK_FALSE(result.manifest);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].file == "bad.yaml");
    CHECK(result.diagnostics[0].line >= 2);
    CHECK_THAT(result.diagnostics[0].message, Contains("YAML syntax error"));

    auto undefined_alias = m::load_manifest_text("format_version: *nowhere\n", "alias.yaml");
    REQUIRE(undefined_alias.diagnostics.size() == 1);
    CHECK(undefined_alias.diagnostics[0].line == 1);
    CHECK_THAT(undefined_alias.diagnostics[0].message, Contains("anchor"));
}

TEST_CASE("an empty manifest is reported as empty") {
    for (const char* text : {"", "\n\n", "# nothing here\n", "---\n", "~\n"}) {
        INFO("text: " << text);
        auto result = m::load_manifest_text(text, "empty.yaml");
        CHECK_FALSE(result.manifest);
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(m::to_string(result.diagnostics[0]).rfind("empty.yaml:1:1: the manifest is empty", 0) == 0);
    }
}

TEST_CASE("a manifest that is not a mapping says so") {
    auto result = m::load_manifest_text("- format_version\n- 1\n", "list.yaml");
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(m::to_string(result.diagnostics[0]) == "list.yaml:1:1: the manifest must be a mapping, got a list");
}

TEST_CASE("a missing or unreadable file is a diagnostic without a position") {
    auto missing = m::load_manifest_file(broken_dir + "/does-not-exist.yaml");
    CHECK_FALSE(missing.manifest);
    REQUIRE(missing.diagnostics.size() == 1);
    CHECK(missing.diagnostics[0].line == 0);
    CHECK(missing.diagnostics[0].file == broken_dir + "/does-not-exist.yaml");
    CHECK_THAT(missing.diagnostics[0].message, Contains("cannot read the manifest") && Contains("No such file"));

    auto directory = m::load_manifest_file(broken_dir);
    REQUIRE(directory.diagnostics.size() == 1);
    CHECK_THAT(directory.diagnostics[0].message, Contains("directory"));
}

TEST_CASE("a secret setting's default is never repeated in a diagnostic") {
    auto result = m::load_manifest_file(broken_dir + "/secret_setting_default.yaml");
    REQUIRE_FALSE(result.diagnostics.empty());
    CHECK_THAT(all_messages(result), !Contains("hunter2"));
}

TEST_CASE("plain http is accepted for loopback hosts only") {
    std::string text = minimal_manifest;
    auto with_base = [&](const std::string& base) {
        std::string changed = text;
        changed.replace(changed.find("https://api.example.com/v1"), std::string("https://api.example.com/v1").size(),
                        base);
        return m::load_manifest_text(changed, "loopback.yaml");
    };
    for (const char* ok : {"http://127.0.0.1:8080/2.0", "http://localhost:9/api", "http://[::1]:8080"}) {
        INFO(ok);
        auto result = with_base(ok);
        INFO(all_messages(result));
        CHECK(result.manifest);
    }
    for (const char* bad : {"http://127.0.0.1.example.com/2.0", "http://localhost.evil/x", "ftp://127.0.0.1/x"}) {
        INFO(bad);
        auto result = with_base(bad);
        CHECK_FALSE(result.manifest);
        CHECK_THAT(all_messages(result), Contains("must use https"));
    }
}

TEST_CASE("a manifest without error rules gets the documented default rules") {
    auto result = m::load_manifest_text(minimal_manifest, "minimal.yaml");
    REQUIRE(result.manifest);
    const auto& rules = result.manifest->errors.rules;
    REQUIRE(rules.size() == 8);
    CHECK(rules[0].action == m::error_action::reconnect);
    CHECK(rules[0].reason == "invalid_grant");
    CHECK(rules[2].action == m::error_action::refresh_then_retry);
    CHECK(rules[2].match.endpoint == m::endpoint_kind::api);
}

TEST_CASE("truncated manifests never throw and always explain themselves") {
    std::string full = read_text(m::testing::smartsheet_path);
    REQUIRE(full.size() > 1000);
    for (std::size_t cut = 0; cut < full.size(); cut += 61) {
        auto result = m::load_manifest_text(std::string_view(full).substr(0, cut), "cut.yaml");
        INFO("cut at byte " << cut);
        CHECK((result.manifest == nullptr) == !result.diagnostics.empty());
        for (const auto& d : result.diagnostics) {
            CHECK(d.line >= 1);
            CHECK(d.column >= 1);
        }
    }
}

TEST_CASE("a manifest larger than the limit is refused before parsing") {
    std::string huge(std::size_t{5} * 1024 * 1024, '#');
    auto result = m::load_manifest_text(huge, "huge.yaml");
    CHECK_FALSE(result.manifest);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK_THAT(result.diagnostics[0].message, Contains("larger than"));
}

TEST_CASE("pathologically deep YAML is a diagnostic, not a stack overflow") {
    std::string deep(100000, '[');
    auto result = m::load_manifest_text(deep, "deep.yaml");
    CHECK_FALSE(result.manifest);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK_THAT(result.diagnostics[0].message, Contains("YAML syntax error"));
}

TEST_CASE("an operation's max_response_bytes defaults to 64 MiB and takes any value from 1 KiB to 1 GiB") {
    const auto defaulted = m::load_manifest_text(minimal_manifest, "minimal.yaml");
    REQUIRE(defaulted.manifest);
    CHECK(defaulted.manifest->find_operation("me")->max_response_bytes == 64 * 1024 * 1024);
    for (const std::int64_t bytes : {1024LL, 1048576LL, 1073741824LL}) {
        INFO(bytes);
        const auto set = m::load_manifest_text(
            std::string(minimal_manifest) + "    max_response_bytes: " + std::to_string(bytes) + "\n", "set.yaml");
        INFO(all_messages(set));
        REQUIRE(set.manifest);
        CHECK(set.manifest->find_operation("me")->max_response_bytes == bytes);
    }
    for (const std::int64_t bytes : {1023LL, 1073741825LL}) {
        INFO(bytes);
        const auto refused = m::load_manifest_text(
            std::string(minimal_manifest) + "    max_response_bytes: " + std::to_string(bytes) + "\n", "refused.yaml");
        CHECK_FALSE(refused.manifest);
    }
}
TEST_CASE("what cannot begin a YAML mapping is refused before parsing: not a manifest, at its position") {
    const struct {
        std::string text;
        const char* expected;
    } table[] = {
        {",", "x.yaml:1:1: not a manifest: a manifest is a YAML mapping"},
        {",\n# comment\n", "x.yaml:1:1: not a manifest"},
        {"]", "x.yaml:1:1: not a manifest"},
        {"}", "x.yaml:1:1: not a manifest"},
        {"@x: 1", "x.yaml:1:1: not a manifest"},
        {"`x`", "x.yaml:1:1: not a manifest"},
        {"\xEF\xBB\xBF,", "x.yaml:1:1: not a manifest"},
        {"# a comment\n\n  ,", "x.yaml:3:3: not a manifest"},
        {"---\n,", "x.yaml:2:1: not a manifest"},
        {"--- ,", "x.yaml:1:5: not a manifest"},
        {"%YAML 1.2\n---\n,", "x.yaml:3:1: not a manifest"},
        {std::string("\0\0\0", 3), "x.yaml:1:1: not a manifest: a manifest is YAML text"},
        {"\x01format_version: 1", "x.yaml:1:1: not a manifest: a manifest is YAML text"},
    };
    for (const auto& [text, expected] : table) {
        INFO("text: " << text);
        auto result = m::load_manifest_text(text, "x.yaml");
        CHECK_FALSE(result.manifest);
        REQUIRE(result.diagnostics.size() == 1);
        CHECK_THAT(m::to_string(result.diagnostics[0]), Catch::StartsWith(expected));
    }
}

TEST_CASE("a stray ',' where no YAML document can start is a located syntax error, not an endless parse") {
    const std::pair<const char*, int> table[] = {
        {"!x ,", 4}, {"&a ,", 4}, {"format_version: 1\n---\n,", 1}, {"format_version: 1\n--- !x ,", 8}};
    for (const auto& [text, column] : table) {
        INFO("text: " << text);
        auto result = m::load_manifest_text(text, "x.yaml");
        CHECK_FALSE(result.manifest);
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(result.diagnostics[0].column == column);
        CHECK_THAT(result.diagnostics[0].message, Contains("YAML syntax error: unexpected ','"));
    }
}

TEST_CASE("a manifest file larger than the limit is refused after reading no more than the limit") {
    // /dev/zero never ends: a reader that reads the whole file before checking never returns.
    auto result = m::load_manifest_file("/dev/zero");
    CHECK_FALSE(result.manifest);
    REQUIRE(result.diagnostics.size() == 1);
    CHECK(result.diagnostics[0].file == "/dev/zero");
    CHECK_THAT(result.diagnostics[0].message, Contains("larger than 4194304 bytes (4 MiB)"));
}
