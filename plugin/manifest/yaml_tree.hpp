// A manifest's YAML as a small immutable tree, built from the parser's events in the same pass that counts the
// documents (yaml_documents.cpp): the text is scanned once, where building yaml-cpp's own nodes would scan it
// a second time. It answers what the readers ask of a node, under yaml-cpp's names: its kind, its scalar text,
// its tag ("?" plain, "!" quoted or block, or a resolved tag), where it starts, its items and its entries in
// the order written (duplicate keys included, so that the readers can report them). Internal to plugin/manifest.
#pragma once

#include <yaml-cpp/mark.h>

#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace tether::manifest::detail {

enum class yaml_kind { null, scalar, sequence, map };

class yaml_node {
public:
    struct entry;

    // A null node with no position: what an absent value reads as.
    yaml_node() = default;

    yaml_kind kind() const;
    bool IsDefined() const { return true; }
    bool IsNull() const { return kind() == yaml_kind::null; }
    bool IsScalar() const { return kind() == yaml_kind::scalar; }
    bool IsSequence() const { return kind() == yaml_kind::sequence; }
    bool IsMap() const { return kind() == yaml_kind::map; }

    const std::string& Scalar() const;
    const std::string& Tag() const;
    YAML::Mark Mark() const;

    // Items of a sequence, or entries of a mapping; 0 for a scalar or null.
    std::size_t size() const;
    // The i-th item of a sequence; a null node past the end or for anything else.
    yaml_node operator[](std::size_t i) const;
    // A mapping's entries in the order written.
    std::vector<entry>::const_iterator begin() const;
    std::vector<entry>::const_iterator end() const;

    // Building, for the tree's reader only: a node of `kind` at `mark`, then its items or entries.
    static yaml_node make(yaml_kind kind, const YAML::Mark& mark, std::string tag, std::string text = {});
    void add_item(yaml_node item);
    void add_entry(yaml_node key, yaml_node value);

private:
    struct data;
    static const std::string& empty() {
        static const std::string none;
        return none;
    }
    static const std::vector<entry>& no_entries();
    std::shared_ptr<data> data_;
};

struct yaml_node::entry {
    yaml_node first;   // the key
    yaml_node second;  // its value
};

struct yaml_node::data {
    yaml_kind kind = yaml_kind::null;
    YAML::Mark mark = YAML::Mark::null_mark();
    std::string tag;
    std::string text;
    std::vector<yaml_node> items;
    std::vector<entry> entries;
};

inline yaml_kind yaml_node::kind() const { return data_ ? data_->kind : yaml_kind::null; }
inline const std::string& yaml_node::Scalar() const { return data_ ? data_->text : empty(); }
inline const std::string& yaml_node::Tag() const { return data_ ? data_->tag : empty(); }
inline YAML::Mark yaml_node::Mark() const { return data_ ? data_->mark : YAML::Mark::null_mark(); }

inline std::size_t yaml_node::size() const {
    if (!data_) return 0;
    return data_->kind == yaml_kind::map ? data_->entries.size() : data_->items.size();
}

inline yaml_node yaml_node::operator[](std::size_t i) const {
    return data_ && data_->kind == yaml_kind::sequence && i < data_->items.size() ? data_->items[i] : yaml_node();
}

inline std::vector<yaml_node::entry>::const_iterator yaml_node::begin() const {
    return data_ && data_->kind == yaml_kind::map ? data_->entries.begin() : no_entries().begin();
}

inline std::vector<yaml_node::entry>::const_iterator yaml_node::end() const {
    return data_ && data_->kind == yaml_kind::map ? data_->entries.end() : no_entries().end();
}

inline const std::vector<yaml_node::entry>& yaml_node::no_entries() {
    static const std::vector<entry> none;
    return none;
}

inline yaml_node yaml_node::make(yaml_kind kind, const YAML::Mark& mark, std::string tag, std::string text) {
    yaml_node n;
    n.data_ = std::make_shared<data>();
    n.data_->kind = kind;
    n.data_->mark = mark;
    n.data_->tag = std::move(tag);
    n.data_->text = std::move(text);
    return n;
}

inline void yaml_node::add_item(yaml_node item) { data_->items.push_back(std::move(item)); }

inline void yaml_node::add_entry(yaml_node key, yaml_node value) {
    data_->entries.push_back({std::move(key), std::move(value)});
}

}  // namespace tether::manifest::detail
