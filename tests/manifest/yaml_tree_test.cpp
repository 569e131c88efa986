// The manifest's YAML tree, built in the one pass that counts the documents: what the readers rely on.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "plugin/manifest/manifest.hpp"
#include "plugin/manifest/yaml_documents.hpp"

using tether::manifest::detail::load_documents;

TEST_CASE("the tree keeps entries in the order written, duplicates included, with their positions") {
    const auto docs = load_documents("b: 1\na: two\nb: '3'\n");
    REQUIRE(docs.count == 1);
    const auto& root = docs.first;
    REQUIRE(root.IsMap());
    REQUIRE(root.size() == 3);
    std::vector<std::string> keys;
    for (const auto& entry : root) keys.push_back(entry.first.Scalar());
    CHECK(keys == std::vector<std::string>{"b", "a", "b"});
    const auto third = *(root.begin() + 2);
    CHECK(third.second.Scalar() == "3");
    CHECK(third.second.Tag() == "!");                 // quoted
    CHECK(root.begin()->second.Tag() == "?");         // plain
    CHECK(third.first.Mark().line == 2);
    CHECK(third.second.Mark().column == 3);
}

TEST_CASE("sequences, nulls and aliases read as yaml-cpp's nodes do") {
    const auto docs = load_documents("x: &v [1, ~, {k: v}]\ny: *v\nz:\n");
    const auto& root = docs.first;
    REQUIRE(root.size() == 3);
    const auto x = root.begin()->second;
    REQUIRE(x.IsSequence());
    REQUIRE(x.size() == 3);
    CHECK(x[0].Scalar() == "1");
    CHECK(x[1].IsNull());
    CHECK(x[2].IsMap());
    CHECK(x[3].IsNull());  // past the end
    const auto y = (root.begin() + 1)->second;
    REQUIRE(y.IsSequence());
    CHECK(y.size() == 3);
    CHECK(y.Mark().line == x.Mark().line);  // an alias is the anchored node
    CHECK((root.begin() + 2)->second.IsNull());
}

TEST_CASE("a recursive alias reads as null instead of a cycle") {
    const auto docs = load_documents("a: &r [1, *r]\n");
    const auto a = docs.first.begin()->second;
    REQUIRE(a.IsSequence());
    REQUIRE(a.size() == 2);
    CHECK(a[1].IsNull());
}

TEST_CASE("only the first document is kept, the second's start is remembered") {
    const auto docs = load_documents("a: 1\n---\nb: 2\n");
    CHECK(docs.count == 2);
    REQUIRE(docs.first.IsMap());
    CHECK(docs.first.size() == 1);
    CHECK(docs.second_start.line == 2);
}

TEST_CASE("a manifest loaded again under the same name is not parsed again, another name or text is") {
    const std::string text = "format_version: 1\n";
    std::ifstream file(TETHER_SOURCE_DIR "/manifests/smartsheet.yaml");
    const std::string yaml((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    const auto first = tether::manifest::load_manifest_text(yaml, "smartsheet.yaml");
    const auto again = tether::manifest::load_manifest_text(yaml, "smartsheet.yaml");
    const auto renamed = tether::manifest::load_manifest_text(yaml, "copy.yaml");
    REQUIRE(first.manifest);
    CHECK(again.manifest == first.manifest);
    CHECK(renamed.manifest != first.manifest);
    CHECK(renamed.manifest->source == "copy.yaml");
    const auto changed = tether::manifest::load_manifest_text(yaml + "\n# a comment\n", "smartsheet.yaml");
    CHECK(changed.manifest != first.manifest);
    // An invalid text is never remembered: its problems are reported every time.
    const auto broken = tether::manifest::load_manifest_text(text, "broken.yaml");
    CHECK(broken.diagnostics.size() == tether::manifest::load_manifest_text(text, "broken.yaml").diagnostics.size());
    CHECK_FALSE(broken.diagnostics.empty());
}
