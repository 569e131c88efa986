// Strict, typed reading of YAML nodes with located diagnostics (see yaml_reader.hpp).
#include "plugin/manifest/yaml_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace tether::manifest::detail {
namespace {

// yaml-cpp marks plain scalars with the non-specific tag "?" and quoted or block scalars with "!".
bool is_plain(const yaml_node& node) {
    return node.Tag() == "?" || node.Tag().empty();
}

bool has_tag(const yaml_node& node, std::string_view suffix) {
    const std::string& tag = node.Tag();
    return tag.size() >= suffix.size() && tag.compare(tag.size() - suffix.size(), suffix.size(), suffix) == 0 &&
           tag.find("tag:yaml.org,2002:") == 0;
}

std::string join(const std::vector<std::string_view>& words) {
    std::string out;
    for (auto w : words) {
        if (!out.empty()) out += ", ";
        out += w;
    }
    return out;
}

}  // namespace

// ---- reporter -----------------------------------------------------------------------------------------------

void reporter::error(const YAML::Mark& at, std::string message) {
    if (at.is_null() || at.line < 0) {
        error_at(1, 1, std::move(message));
        return;
    }
    error_at(at.line + 1, at.column + 1, std::move(message));
}

void reporter::error_at(int line, int column, std::string message) {
    found_.push_back(diagnostic{file_, line, column, std::move(message)});
}

std::vector<diagnostic> reporter::take_sorted() {
    std::stable_sort(found_.begin(), found_.end(), [](const diagnostic& a, const diagnostic& b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    return std::move(found_);
}

// ---- helpers ------------------------------------------------------------------------------------------------

std::string describe(const yaml_node& node) {
    switch (node.kind()) {
        case yaml_kind::map:
            return "a mapping";
        case yaml_kind::sequence:
            return "a list";
        case yaml_kind::scalar: {
            std::string text = node.Scalar();
            if (text.size() > 40) text = text.substr(0, 37) + "...";
            return is_plain(node) ? fmt::format("'{}'", text) : fmt::format("the string '{}'", text);
        }
        default:
            return "nothing";
    }
}

YAML::Mark mark_of(const yaml_node& node, const YAML::Mark& fallback) {
    if (!node.IsDefined() || node.IsNull() || node.Mark().is_null()) return fallback;
    return node.Mark();
}

bool is_plain_integer(const yaml_node& node) {
    if (!node.IsScalar() || !(is_plain(node) || has_tag(node, "int"))) return false;
    std::string_view text = node.Scalar();
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) text.remove_prefix(1);
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> read_string(reporter& r, const yaml_node& node, const YAML::Mark& at,
                                       std::string_view subject) {
    if (!node.IsScalar()) {
        r.error(mark_of(node, at), fmt::format("{} must be a string, got {}", subject, describe(node)));
        return std::nullopt;
    }
    if (node.Scalar().empty()) {
        r.error(mark_of(node, at), fmt::format("{} must not be empty", subject));
        return std::nullopt;
    }
    return node.Scalar();
}

std::optional<std::int64_t> read_integer(reporter& r, const yaml_node& node, const YAML::Mark& at,
                                         std::string_view subject, std::int64_t min, std::int64_t max) {
    if (!is_plain_integer(node)) {
        std::string hint = node.IsScalar() && !is_plain(node) ? " (remove the quotes)" : "";
        r.error(mark_of(node, at), fmt::format("{} must be an integer, got {}{}", subject, describe(node), hint));
        return std::nullopt;
    }
    std::string_view text = node.Scalar();
    if (text.front() == '+') text.remove_prefix(1);
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
        r.error(node.Mark(),
                fmt::format("{} must be an integer from {} to {}, got {}", subject, min, max, node.Scalar()));
        return std::nullopt;
    }
    return value;
}

std::optional<bool> read_boolean(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string_view subject) {
    if (node.IsScalar() && (is_plain(node) || has_tag(node, "bool"))) {
        const std::string& text = node.Scalar();
        if (text == "true" || text == "True" || text == "TRUE") return true;
        if (text == "false" || text == "False" || text == "FALSE") return false;
    }
    r.error(mark_of(node, at), fmt::format("{} must be true or false, got {}", subject, describe(node)));
    return std::nullopt;
}

std::optional<double> read_number(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string_view subject,
                                  double min, double max) {
    if (node.IsScalar() && is_plain(node)) {
        const std::string& text = node.Scalar();
        double value = 0;
        auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec == std::errc() && end == text.data() + text.size() && std::isfinite(value)) {
            if (value >= min && value <= max) return value;
            r.error(node.Mark(), fmt::format("{} must be a number from {} to {}, got {}", subject, min, max, text));
            return std::nullopt;
        }
    }
    r.error(mark_of(node, at), fmt::format("{} must be a number, got {}", subject, describe(node)));
    return std::nullopt;
}

std::optional<std::vector<std::string>> read_string_list(reporter& r, const yaml_node& node, const YAML::Mark& at,
                                                         std::string_view subject) {
    if (!node.IsSequence()) {
        r.error(mark_of(node, at), fmt::format("{} must be a list of strings, got {}", subject, describe(node)));
        return std::nullopt;
    }
    std::vector<std::string> out;
    bool ok = true;
    for (std::size_t i = 0; i < node.size(); ++i) {
        auto item = read_string(r, node[i], mark_of(node, at), fmt::format("item {} of {}", i + 1, subject));
        if (item)
            out.push_back(std::move(*item));
        else
            ok = false;
    }
    if (!ok) return std::nullopt;
    return out;
}

// ---- mapping ------------------------------------------------------------------------------------------------

mapping::mapping(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string what)
    : r_(&r), node_(node), at_(at), what_(std::move(what)) {}

mapping mapping::section(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string what,
                         const std::vector<std::string_view>& allowed_keys) {
    mapping m(r, node, at, std::move(what));
    m.open(&allowed_keys, "");
    return m;
}

mapping mapping::dictionary(reporter& r, const yaml_node& node, const YAML::Mark& at, std::string what,
                            const std::string& entry_noun) {
    mapping m(r, node, at, std::move(what));
    m.open(nullptr, entry_noun);
    return m;
}

void mapping::open(const std::vector<std::string_view>* allowed, const std::string& entry_noun) {
    if (!node_.IsMap()) {
        std::string hint = node_.IsDefined() && node_.IsNull() ? " (write {} for an empty mapping)" : "";
        r_->error(mark_of(node_, at_), fmt::format("{} must be a mapping, got {}{}", what_, describe(node_), hint));
        return;
    }
    valid_ = true;
    for (const auto& entry : node_) {
        const yaml_node key = entry.first;  // copies: the iterator's values are temporaries
        if (!key.IsScalar() || key.Scalar().empty()) {
            r_->error(mark_of(key, at_), fmt::format("keys of {} must be plain names, got {}", what_, describe(key)));
            continue;
        }
        const std::string& name = key.Scalar();
        if (const field* first = find(name)) {
            int line = first->key_mark().line + 1;
            r_->error(key.Mark(),
                      entry_noun.empty()
                          ? fmt::format("duplicate key '{}' in {} (first at line {})", name, what_, line)
                          : fmt::format("duplicate {} '{}' (first defined at line {})", entry_noun, name, line));
            continue;
        }
        if (allowed && std::find(allowed->begin(), allowed->end(), name) == allowed->end()) {
            std::string hint = closest(name, *allowed);
            r_->error(key.Mark(),
                      fmt::format("unknown key '{}' in {} ({}expected one of: {})", name, what_,
                                  hint.empty() ? "" : fmt::format("did you mean '{}'? ", hint), join(*allowed)));
            continue;
        }
        fields_.push_back(field{name, key, entry.second});
    }
}

const field* mapping::find(std::string_view key) const {
    for (const auto& f : fields_)
        if (f.name == key) return &f;
    return nullptr;
}

const field* mapping::require(std::string_view key) {
    const field* f = find(key);
    if (!f && valid_) r_->error(at_, fmt::format("missing required key '{}' in {}", key, what_));
    return f;
}

const field* mapping::lookup(std::string_view key, need n) {
    return n == required ? require(key) : find(key);
}

std::string mapping::subject(std::string_view key) const {
    return fmt::format("'{}' in {}", key, what_);
}

std::optional<std::string> mapping::string(std::string_view key, need n) {
    const field* f = lookup(key, n);
    return f ? read_string(*r_, f->value, f->key_mark(), subject(key)) : std::nullopt;
}

std::optional<std::int64_t> mapping::integer(std::string_view key, std::int64_t min, std::int64_t max, need n) {
    const field* f = lookup(key, n);
    return f ? read_integer(*r_, f->value, f->key_mark(), subject(key), min, max) : std::nullopt;
}

std::optional<bool> mapping::boolean(std::string_view key, need n) {
    const field* f = lookup(key, n);
    return f ? read_boolean(*r_, f->value, f->key_mark(), subject(key)) : std::nullopt;
}

std::optional<double> mapping::number(std::string_view key, double min, double max, need n) {
    const field* f = lookup(key, n);
    return f ? read_number(*r_, f->value, f->key_mark(), subject(key), min, max) : std::nullopt;
}

std::optional<std::vector<std::string>> mapping::string_list(std::string_view key, need n) {
    const field* f = lookup(key, n);
    return f ? read_string_list(*r_, f->value, f->key_mark(), subject(key)) : std::nullopt;
}

std::optional<mapping> mapping::nested(std::string_view key, std::string what,
                                       std::vector<std::string_view> allowed_keys, need n) {
    const field* f = lookup(key, n);
    if (!f) return std::nullopt;
    return mapping::section(*r_, f->value, f->key_mark(), std::move(what), std::move(allowed_keys));
}

}  // namespace tether::manifest::detail
