// The image of a parsed manifest (yaml_image.hpp) and the bundled manifests read from theirs
// (bundled_manifests.hpp): an image reads back as exactly the tree it was written from, the bundled
// Smartsheet manifest's image is exactly what parsing the file gives, and only the unchanged text uses it.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "plugin/manifest/bundled_manifests.hpp"
#include "plugin/manifest/manifest.hpp"
#include "plugin/manifest/yaml_image.hpp"

namespace detail = tether::manifest::detail;

namespace {

// Kind, tag, text, position and children, all the way down; the first difference as a path, or "".
std::string difference(const detail::yaml_node& a, const detail::yaml_node& b, const std::string& path) {
    if (a.kind() != b.kind()) return path + ": kind";
    if (a.Tag() != b.Tag()) return path + ": tag '" + a.Tag() + "' vs '" + b.Tag() + "'";
    if (a.Scalar() != b.Scalar()) return path + ": text '" + a.Scalar() + "' vs '" + b.Scalar() + "'";
    if (a.Mark().pos != b.Mark().pos || a.Mark().line != b.Mark().line || a.Mark().column != b.Mark().column)
        return path + ": position";
    if (a.size() != b.size()) return path + ": size";
    if (a.IsSequence())
        for (std::size_t i = 0; i < a.size(); ++i)
            if (auto d = difference(a[i], b[i], path + "/" + std::to_string(i)); !d.empty()) return d;
    if (a.IsMap())
        for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) {
            if (auto d = difference(x->first, y->first, path + "/key(" + x->first.Scalar() + ")"); !d.empty()) return d;
            if (auto d = difference(x->second, y->second, path + "/" + x->first.Scalar()); !d.empty()) return d;
        }
    return "";
}

std::string smartsheet_text() {
    std::ifstream file(TETHER_SOURCE_DIR "/manifests/smartsheet.yaml", std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("an image reads back as the tree it was written from: tags, nulls, aliases, positions, documents") {
    const std::string text =
        "a: &v [1, ~, {k: 'q'}]\nb: *v\n\"c\": !!str 3\nd:\ne: |\n  block\n  text\nf: {}\ng: []\n---\nsecond: 1\n";
    const auto parsed = detail::load_documents(text);
    const auto read = detail::read_yaml_image(detail::write_yaml_image(parsed));
    CHECK(read.count == 2);
    CHECK(read.second_start.line == parsed.second_start.line);
    CHECK(read.second_start.pos == parsed.second_start.pos);
    CHECK(difference(parsed.first, read.first, "") == "");
}

TEST_CASE("the bundled Smartsheet manifest's image is exactly the parse of manifests/smartsheet.yaml") {
    const std::string text = smartsheet_text();
    REQUIRE(!text.empty());
    const auto bundled = detail::bundled_documents(text);
    REQUIRE(bundled.has_value());
    const auto parsed = detail::load_documents(text);
    CHECK(bundled->count == parsed.count);
    CHECK(difference(parsed.first, bundled->first, "") == "");
}

TEST_CASE("only the unchanged text of a bundled manifest is read from its image") {
    const std::string text = smartsheet_text();
    CHECK(!detail::bundled_documents(text + "\n"));
    std::string changed = text;
    changed[changed.find("smartsheet")] = 'S';
    CHECK(!detail::bundled_documents(changed));
    CHECK(!detail::bundled_documents(""));
    // Both load to the same model; the changed one was parsed.
    const auto from_image = tether::manifest::load_manifest_text(text, "a.yaml");
    const auto parsed = tether::manifest::load_manifest_text(text + "# a comment\n", "b.yaml");
    REQUIRE(from_image.manifest != nullptr);
    REQUIRE(parsed.manifest != nullptr);
    CHECK(from_image.manifest->operations.size() == parsed.manifest->operations.size());
    CHECK(from_image.manifest->connector.name == parsed.manifest->connector.name);
}

TEST_CASE("an image that is not one is refused, naming where") {
    const std::string image = detail::write_yaml_image(detail::load_documents("a: 1\n"));
    CHECK_THROWS_WITH(detail::read_yaml_image("nope"), Catch::Contains("no TYI1"));
    CHECK_THROWS_WITH(detail::read_yaml_image(image.substr(0, image.size() - 3)), Catch::Contains("truncated at byte"));
    CHECK_THROWS_WITH(detail::read_yaml_image(image + "x"), Catch::Contains("bytes after the root node"));
    std::string bad_kind = image;
    bad_kind[8 + 12] = '\x09';  // the root node's kind, after the magic, the count and the second start
    CHECK_THROWS_WITH(detail::read_yaml_image(bad_kind), Catch::Contains("unknown node kind"));
}
