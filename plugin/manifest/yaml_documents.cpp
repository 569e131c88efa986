// Reading a manifest's YAML within bounds: the pre-parse refusal and the document count.
#include "plugin/manifest/yaml_documents.hpp"

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>

#include <map>
#include <sstream>
#include <vector>

namespace tether::manifest::detail {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Builds the first document's tree, counts documents and remembers where the second one's content starts.
class document_reader final : public YAML::EventHandler {
public:
    std::size_t count = 0;
    YAML::Mark last_start;
    std::optional<YAML::Mark> second_content;
    yaml_node root;

    void OnDocumentStart(const YAML::Mark& mark) override {
        ++count;
        last_start = mark;
    }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        node_at(mark);
        if (building()) complete(yaml_node::make(yaml_kind::null, mark, ""), anchor);
    }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        node_at(mark);
        if (!building()) return;
        // An alias to a collection still open (a recursive anchor) reads as null: a tree never holds a cycle.
        const auto it = anchors_.find(anchor);
        complete(it != anchors_.end() ? it->second : yaml_node::make(yaml_kind::null, mark, ""), 0);
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        node_at(mark);
        if (building()) complete(yaml_node::make(yaml_kind::scalar, mark, tag, value), anchor);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        node_at(mark);
        if (building()) open_.push_back({yaml_node::make(yaml_kind::sequence, mark, tag), anchor, {}, false});
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        node_at(mark);
        if (building()) open_.push_back({yaml_node::make(yaml_kind::map, mark, tag), anchor, {}, false});
    }
    void OnMapEnd() override { close(); }

private:
    struct open_collection {
        yaml_node node;
        YAML::anchor_t anchor;
        yaml_node key;  // a mapping's key waiting for its value
        bool has_key;
    };

    bool building() const { return count == 1; }

    void node_at(const YAML::Mark& mark) {
        if (count == 2 && !second_content) second_content = mark;
    }

    void close() {
        if (!building() || open_.empty()) return;
        open_collection done = std::move(open_.back());
        open_.pop_back();
        complete(std::move(done.node), done.anchor);
    }

    // A finished node goes into the collection that holds it, or becomes the root.
    void complete(yaml_node node, YAML::anchor_t anchor) {
        if (anchor != 0) anchors_[anchor] = node;
        if (open_.empty()) {
            root = std::move(node);
            return;
        }
        open_collection& parent = open_.back();
        if (parent.node.IsSequence()) {
            parent.node.add_item(std::move(node));
        } else if (!parent.has_key) {
            parent.key = std::move(node);
            parent.has_key = true;
        } else {
            parent.node.add_entry(std::move(parent.key), std::move(node));
            parent.has_key = false;
        }
    }

    std::vector<open_collection> open_;
    std::map<YAML::anchor_t, yaml_node> anchors_;
};

}  // namespace

std::optional<not_a_manifest> refuse_non_manifest(std::string_view text) {
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    int line = 1;
    std::size_t line_start = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        const bool at_line_start = i == line_start;
        if (c == '\n') {
            ++line;
            line_start = ++i;
        } else if (is_blank(c)) {
            ++i;
        } else if (c == '#' || (c == '%' && at_line_start)) {  // a comment or a directive: the rest of the line
            while (i < text.size() && text[i] != '\n') ++i;
        } else if (at_line_start && (text.substr(i, 3) == "---" || text.substr(i, 3) == "...") &&
                   (i + 3 == text.size() || is_blank(text[i + 3]))) {
            i += 3;
        } else {
            break;
        }
    }
    if (i >= text.size()) return std::nullopt;  // nothing significant: the loader reports an empty manifest
    const auto byte = static_cast<unsigned char>(text[i]);
    const int column = static_cast<int>(i - line_start) + 1;
    if (byte < 0x20 || byte == 0x7F)
        return not_a_manifest{line, column,
                              fmt::format("a manifest is YAML text, and this holds the control character 0x{:02X}",
                                          static_cast<unsigned>(byte))};
    if (std::string_view(",]}@`").find(text[i]) != std::string_view::npos)
        return not_a_manifest{
            line, column,
            fmt::format("a manifest is a YAML mapping (format_version: 1, connector: …), and '{}' cannot begin one",
                        text[i])};
    return std::nullopt;
}

yaml_documents load_documents(std::string_view text) {
    std::istringstream stream{std::string(text)};
    YAML::Parser parser(stream);
    document_reader counter;
    std::optional<std::size_t> previous_start;
    while (parser.HandleNextDocument(counter)) {
        // A document that starts where the previous one did consumed nothing: the parser is stuck on a
        // token it cannot place, and would hand out that empty document forever.
        const YAML::Mark at = counter.last_start;
        if (previous_start == static_cast<std::size_t>(at.pos)) {
            const char c =
                static_cast<std::size_t>(at.pos) < text.size() ? text[static_cast<std::size_t>(at.pos)] : ' ';
            throw YAML::ParserException(at, fmt::format("unexpected '{}': no YAML node can begin with it", c));
        }
        previous_start = static_cast<std::size_t>(at.pos);
    }
    yaml_documents out;
    out.count = counter.count;
    if (counter.second_content) out.second_start = *counter.second_content;
    out.first = std::move(counter.root);
    return out;
}

}  // namespace tether::manifest::detail
