// The image format, little-endian: "TYI1", the document count (u32), where the second document starts (mark),
// then the first document's root node. A node is its kind (u8), its mark (pos, line, column: i32 each), its
// tag and text (u32 length, bytes) and its children (u32 count, then the items of a sequence or the key and
// value of each entry of a mapping). An alias is written out as a copy of the node it names.
#include "plugin/manifest/yaml_image.hpp"

#include <cstdint>
#include <stdexcept>

namespace tether::manifest::detail {
namespace {

constexpr std::string_view magic = "TYI1";
constexpr int max_depth = 512;

void put_u32(std::string& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

void put_mark(std::string& out, const YAML::Mark& m) {
    put_u32(out, static_cast<std::uint32_t>(m.pos));
    put_u32(out, static_cast<std::uint32_t>(m.line));
    put_u32(out, static_cast<std::uint32_t>(m.column));
}

void put_text(std::string& out, const std::string& s) {
    put_u32(out, static_cast<std::uint32_t>(s.size()));
    out += s;
}

void put_node(std::string& out, const yaml_node& n) {
    out.push_back(static_cast<char>(n.kind()));
    put_mark(out, n.Mark());
    put_text(out, n.Tag());
    put_text(out, n.Scalar());
    put_u32(out, static_cast<std::uint32_t>(n.size()));
    if (n.IsSequence())
        for (std::size_t i = 0; i < n.size(); ++i) put_node(out, n[i]);
    if (n.IsMap())
        for (const auto& e : n) {
            put_node(out, e.first);
            put_node(out, e.second);
        }
}

class image_reader {
public:
    explicit image_reader(std::string_view bytes) : bytes_(bytes) {}

    std::uint32_t u32() {
        const std::string_view b = take(4);
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
        return v;
    }
    YAML::Mark mark() {
        YAML::Mark m;
        m.pos = static_cast<int>(u32());
        m.line = static_cast<int>(u32());
        m.column = static_cast<int>(u32());
        return m;
    }
    std::string text() { return std::string(take(u32())); }

    yaml_node node(int depth) {
        if (depth > max_depth) fail("nodes nested too deep");
        const auto kind = static_cast<yaml_kind>(static_cast<unsigned char>(take(1)[0]));
        if (kind != yaml_kind::null && kind != yaml_kind::scalar && kind != yaml_kind::sequence &&
            kind != yaml_kind::map)
            fail("unknown node kind");
        const YAML::Mark at = mark();
        std::string tag = text();
        yaml_node n = yaml_node::make(kind, at, std::move(tag), text());
        const std::uint32_t children = u32();
        for (std::uint32_t i = 0; i < children; ++i) {
            if (kind == yaml_kind::sequence) {
                n.add_item(node(depth + 1));
            } else if (kind == yaml_kind::map) {
                yaml_node key = node(depth + 1);
                n.add_entry(std::move(key), node(depth + 1));
            } else {
                fail("children under a scalar or null node");
            }
        }
        return n;
    }

    bool at_end() const { return offset_ == bytes_.size(); }
    std::string_view take(std::size_t n) {
        if (bytes_.size() - offset_ < n) fail("truncated");
        const std::string_view out = bytes_.substr(offset_, n);
        offset_ += n;
        return out;
    }
    [[noreturn]] void fail(const std::string& why) const {
        throw std::runtime_error("manifest image: " + why + " at byte " + std::to_string(offset_));
    }

private:
    std::string_view bytes_;
    std::size_t offset_ = 0;
};

}  // namespace

std::string write_yaml_image(const yaml_documents& documents) {
    std::string out(magic);
    put_u32(out, static_cast<std::uint32_t>(documents.count));
    put_mark(out, documents.second_start);
    put_node(out, documents.first);
    return out;
}

yaml_documents read_yaml_image(std::string_view image) {
    image_reader in(image);
    if (in.take(magic.size()) != magic) in.fail("not an image (no TYI1)");
    yaml_documents out;
    out.count = in.u32();
    out.second_start = in.mark();
    out.first = in.node(0);
    if (!in.at_end()) in.fail("bytes after the root node");
    return out;
}

}  // namespace tether::manifest::detail
