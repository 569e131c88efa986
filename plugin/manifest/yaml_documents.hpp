// Reading a manifest's YAML within bounds. yaml-cpp 0.7's LoadAll spins forever, allocating as it goes, on a
// token it cannot place at the start of a document (a stray ',' — also after a tag, an anchor or a '---'):
// what cannot be a manifest is refused before parsing, and documents are counted by an event pass that stops
// where LoadAll would loop. Internal to plugin/manifest.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "plugin/manifest/yaml_tree.hpp"

namespace tether::manifest::detail {

// Why a text cannot be a manifest, at its first significant character (1-based line and column).
struct not_a_manifest {
    int line = 1;
    int column = 1;
    std::string why;
};

// A manifest is a YAML mapping: its first significant character (after a byte order mark, blank lines,
// comments, directives and '---') must be able to begin a YAML node. Control characters and ',', ']', '}',
// '@', '`' cannot. nullopt when the text may be a manifest (the parser then decides).
std::optional<not_a_manifest> refuse_non_manifest(std::string_view text);

struct yaml_documents {
    yaml_node first;          // the first document's root; null when there is none
    std::size_t count = 0;    // how many documents the text holds
    YAML::Mark second_start;  // where the second document's content starts, when count > 1
};

// Parses the first document into a tree and counts the others without keeping them, in one pass. Throws YAML::Exception for a
// syntax error, including a token that no document can start with (where LoadAll would spin).
yaml_documents load_documents(std::string_view text);

}  // namespace tether::manifest::detail
