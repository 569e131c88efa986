// Parses a command's own options and reads their values strictly (std::from_chars over the whole text).
#include "cli/command_options.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <iostream>

namespace tether_cli {

const std::string* command_options::value(std::string_view name) const {
    const std::string* found = nullptr;
    for (const auto& [n, v] : values)
        if (n == name) found = &v;
    return found;
}

bool command_options::flag(std::string_view name) const {
    return std::find(flags.begin(), flags.end(), name) != flags.end();
}

namespace {

std::string expected_forms(const std::vector<option_spec>& specs) {
    if (specs.empty()) return "it takes no options";
    std::string out = "expected: ";
    for (std::size_t i = 0; i < specs.size(); ++i) {
        out += (i > 0 ? ", " : "") + std::string(specs[i].name);
        if (!specs[i].value_form.empty()) out += " " + std::string(specs[i].value_form);
    }
    return out;
}

}  // namespace

std::optional<command_options> parse_command_options(std::string_view command, const std::vector<std::string>& words,
                                                     const std::vector<option_spec>& specs, std::string& error) {
    command_options out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        const std::string& word = words[i];
        const auto spec =
            std::find_if(specs.begin(), specs.end(), [&](const option_spec& s) { return s.name == word; });
        if (spec != specs.end() && spec->value_form.empty()) {
            out.flags.push_back(word);
        } else if (spec != specs.end()) {
            if (i + 1 >= words.size()) {
                error = word + " needs a value: " + word + " " + std::string(spec->value_form);
                return std::nullopt;
            }
            out.values.emplace_back(word, words[++i]);
        } else if (word.size() > 1 && word[0] == '-') {
            error = "unknown option '" + word + "' for " + std::string(command) + " (" + expected_forms(specs) + ")";
            return std::nullopt;
        } else {
            out.positional.push_back(word);
        }
    }
    return out;
}

std::optional<std::int64_t> parse_integer(std::string_view option, std::string_view text, std::int64_t min,
                                          std::int64_t max, std::string& error) {
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty() || n < min || n > max) {
        error = std::string(option) + " needs a whole number from " + std::to_string(min) + " to " +
                std::to_string(max) + ", got '" + std::string(text) + "'";
        return std::nullopt;
    }
    return n;
}

std::optional<std::string> read_body_option(const std::string& spec, std::string& error) {
    if (spec.empty() || spec[0] != '@') return spec;
    const std::string path = spec.substr(1);
    std::ifstream in(path, std::ios::binary);
    std::string text;
    char chunk[64 * 1024];
    while (in && text.size() <= max_body_file_bytes && in.read(chunk, sizeof chunk).gcount() > 0)
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
    if (in.bad() || (!in && !in.eof())) {
        error = "cannot read the body file '" + path + "'";
        return std::nullopt;
    }
    if (text.size() > max_body_file_bytes) {
        error = "the body file '" + path + "' is larger than 16 MiB, the limit for --body @FILE";
        return std::nullopt;
    }
    return text;
}

std::optional<std::string> value_or_stdin(std::string_view option, const std::string& value, std::string& error) {
    if (value != "-") return value;
    std::string line;
    if (!std::getline(std::cin, line) || line.empty()) {
        error = std::string(option) + " - reads the value from standard input, which gave none";
        return std::nullopt;
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace tether_cli
