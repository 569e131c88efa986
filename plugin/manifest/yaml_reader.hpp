// Strict, typed reading of YAML nodes: every wrong shape, unknown key, duplicate key or bad word becomes a
// located diagnostic, and reading goes on so that one pass reports every problem. Internal to the loader.
#pragma once

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "plugin/manifest/diagnostic.hpp"
#include "plugin/manifest/spelling.hpp"
#include "plugin/manifest/yaml_tree.hpp"
#include "plugin/manifest/vocabulary.hpp"

namespace tether::manifest::detail {

// Collects diagnostics for one file.
class reporter {
public:
    explicit reporter(std::string file) : file_(std::move(file)) {}

    void error(const YAML::Mark& at, std::string message);     // `at` is yaml-cpp's 0-based mark
    void error_at(int line, int column, std::string message);  // 1-based
    bool empty() const { return found_.empty(); }
    const std::string& file() const { return file_; }
    // The diagnostics in order of position (stable for equal positions).
    std::vector<diagnostic> take_sorted();

private:
    std::string file_;
    std::vector<diagnostic> found_;
};

// "a mapping", "a list", "nothing", or the scalar quoted ('abc') — what a node is, for "got ..." messages.
std::string describe(const yaml_node& node);

// Where a node is: its own mark, or `fallback` for a null value (which has no text of its own).
YAML::Mark mark_of(const yaml_node& node, const YAML::Mark& fallback);

// Scalar readers. `subject` names the value in messages ("'pkce' in 'auth'"); `at` is used when the node
// has no position of its own. Each reports the problem and returns nullopt when the node is not acceptable.
std::optional<std::string> read_string(reporter& r, const yaml_node& node, const YAML::Mark& at,
                                       std::string_view subject);
std::optional<std::int64_t> read_integer(reporter& r, const yaml_node& node, const YAML::Mark& at,
                                         std::string_view subject, std::int64_t min, std::int64_t max);
std::optional<bool> read_boolean(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string_view subject);
std::optional<double> read_number(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string_view subject,
                                  double min, double max);
// A list of strings; each element must be a non-null scalar.
std::optional<std::vector<std::string>> read_string_list(reporter& r, const yaml_node& node, const YAML::Mark& at,
                                                         std::string_view subject);

// True when the scalar was written as a plain (unquoted) integer.
bool is_plain_integer(const yaml_node& node);

template <class E>
std::optional<E> read_choice(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string_view subject,
                             std::span<const word<E>> words) {
    auto text = read_string(r, node, at, subject);
    if (!text) return std::nullopt;
    if (auto found = parse_word(words, *text)) return found;
    std::vector<std::string_view> names;
    for (const auto& w : words) names.push_back(w.text);
    std::string hint = closest(*text, names);
    r.error(mark_of(node, at), fmt::format("{} must be one of: {} (got '{}'{})", subject, list_words(words), *text,
                                           hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
    return std::nullopt;
}

// One key of a mapping with its value.
struct field {
    std::string name;
    yaml_node key;
    yaml_node value;

    YAML::Mark key_mark() const { return key.Mark(); }
    YAML::Mark value_mark() const { return mark_of(value, key.Mark()); }
};

// A YAML mapping read under a fixed set of allowed keys (a "section"), or with any keys (a "dictionary" of
// named entries such as settings or operations). Unknown keys, duplicate keys and non-scalar keys are
// reported once, when the mapping is opened; the typed accessors report wrong values and missing keys.
class mapping {
public:
    // `what` names the mapping in messages, already quoted as needed: "'auth'", "operation 'sheets.get'".
    // `at` is where the mapping is named (its key), for "missing key" and "must be a mapping" messages.
    static mapping section(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string what,
                           const std::vector<std::string_view>& allowed_keys);
    // `entry_noun` names an entry in duplicate messages: "duplicate operation 'x' (first defined at line 3)".
    static mapping dictionary(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string what,
                              const std::string& entry_noun);

    bool valid() const { return valid_; }                         // the node is a mapping (possibly empty)
    const std::vector<field>& fields() const { return fields_; }  // manifest order, minus rejected keys
    const field* find(std::string_view key) const;
    const field* require(std::string_view key);  // reports "missing required key" when absent
    bool has(std::string_view key) const { return find(key) != nullptr; }

    // "'token_url' in 'auth'"
    std::string subject(std::string_view key) const;
    const std::string& what() const { return what_; }
    const YAML::Mark& at() const { return at_; }
    reporter& report() { return *r_; }

    enum need { optional, required };
    std::optional<std::string> string(std::string_view key, need n = optional);
    std::optional<std::int64_t> integer(std::string_view key, std::int64_t min, std::int64_t max, need n = optional);
    std::optional<bool> boolean(std::string_view key, need n = optional);
    std::optional<double> number(std::string_view key, double min, double max, need n = optional);
    std::optional<std::vector<std::string>> string_list(std::string_view key, need n = optional);
    template <class E>
    std::optional<E> choice(std::string_view key, std::span<const word<E>> words, need n = optional) {
        const field* f = lookup(key, n);
        return f ? read_choice(*r_, f->value, f->key_mark(), subject(key), words) : std::nullopt;
    }
    // Opens a nested section under `key` (nullopt when absent, reported when required).
    std::optional<mapping> nested(std::string_view key, std::string what, std::vector<std::string_view> allowed_keys,
                                  need n = optional);

private:
    mapping(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string what);
    void open(const std::vector<std::string_view>* allowed, const std::string& entry_noun);
    const field* lookup(std::string_view key, need n);

    reporter* r_;
    yaml_node node_;
    YAML::Mark at_;
    std::string what_;
    bool valid_ = false;
    std::vector<field> fields_;
};

}  // namespace tether::manifest::detail
