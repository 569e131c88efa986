// The tether.h status-contract parser: small and strict, so that a comment it cannot read fails the suite
// instead of being skipped.
#include "tests/abi/header_contract.hpp"

#include <cctype>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tether_test {

namespace {

constexpr std::string_view declaration_prefix = "TETHER_API tether_status ";
constexpr std::string_view status_prefix = "TETHER_";
// Reads a result's status; it produces none of its own.
constexpr std::string_view accessor = "tether_result_status";

bool is_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// The comment that ends right before `at` (only whitespace between), without its "/*", "*/" and the
// leading "*" of each line, whitespace collapsed to single spaces; nullopt when there is none.
std::optional<std::string> comment_before(std::string_view text, std::size_t at) {
    std::size_t end = at;
    while (end > 0 && std::isspace(static_cast<unsigned char>(text[end - 1])) != 0) --end;
    if (end < 2 || text.substr(end - 2, 2) != "*/") return std::nullopt;
    const std::size_t open = text.rfind("/*", end - 2);
    if (open == std::string_view::npos) return std::nullopt;
    std::string out;
    bool line_start = true;
    for (std::size_t i = open + 2; i < end - 2; ++i) {
        const char c = text[i];
        if (c == '\n') {
            line_start = true;
            if (!out.empty() && out.back() != ' ') out += ' ';
            continue;
        }
        if (line_start && (c == ' ' || c == '\t')) continue;
        if (line_start && c == '*') {
            line_start = false;
            continue;
        }
        line_start = false;
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            if (!out.empty() && out.back() != ' ') out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

// Where each "Returns" list of a comment starts (just after the word).
std::vector<std::size_t> returns_starts(std::string_view comment) {
    constexpr std::string_view word = "Returns";
    std::vector<std::size_t> starts;
    for (std::size_t p = comment.find(word); p != std::string_view::npos; p = comment.find(word, p + 1)) {
        const std::size_t after = p + word.size();
        if (p > 0 && is_name_char(comment[p - 1])) continue;
        if (after < comment.size() && comment[after] != ' ' && comment[after] != ':') continue;
        starts.push_back(after);
    }
    return starts;
}

// The TETHER_* names of one list, or a problem.
struct list_reading {
    std::set<tether_status> statuses;
    std::string problem;
};

list_reading read_list(std::string_view comment, std::size_t from) {
    list_reading out;
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = from; i < comment.size(); ++i) {
        const char c = comment[i];
        if (c == '"') {
            quoted = !quoted;
            continue;
        }
        if (quoted) continue;
        if (c == '(') ++depth;
        if (c == ')' && --depth < 0) return {{}, "a ')' without its '('"};
        if (depth > 0) continue;
        if (c == '.' && (i + 1 == comment.size() || comment[i + 1] == ' ')) break;
        if (comment.substr(i, status_prefix.size()) != status_prefix || (i > 0 && is_name_char(comment[i - 1])))
            continue;
        std::size_t end = i;
        while (end < comment.size() && is_name_char(comment[end])) ++end;
        const std::string_view name = comment.substr(i, end - i);
        const auto status = status_of(name);
        if (!status) return {{}, "'" + std::string(name) + "' is not a status"};
        out.statuses.insert(*status);
        i = end - 1;
    }
    if (quoted || depth != 0) return {{}, "an unclosed '(' or '\"'"};
    if (out.statuses.empty()) return {{}, "its \"Returns\" list names no TETHER_* status"};
    return out;
}

}  // namespace

std::optional<tether_status> status_of(std::string_view name) {
    for (tether_status s = TETHER_OK; s <= TETHER_INTERNAL; ++s)
        if (status_constant(s) == name) return s;
    return std::nullopt;
}

std::string status_constant(tether_status status) {
    std::string name(status_prefix);
    for (const char* c = tether_status_str(status); *c != '\0'; ++c)
        name += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
    return name;
}

header_contract parse_header_contract(std::string_view header) {
    header_contract out;
    for (std::size_t at = header.find(declaration_prefix); at != std::string_view::npos;
         at = header.find(declaration_prefix, at + 1)) {
        std::size_t name_end = at + declaration_prefix.size();
        while (name_end < header.size() && is_name_char(header[name_end])) ++name_end;
        const std::string name(
            header.substr(at + declaration_prefix.size(), name_end - at - declaration_prefix.size()));
        if (name == accessor) continue;
        const auto comment = comment_before(header, at);
        if (!comment) {
            out.problems.push_back(name + ": no comment right before its declaration");
            continue;
        }
        const auto starts = returns_starts(*comment);
        if (starts.size() != 1) {
            out.problems.push_back(name + (starts.empty() ? ": its comment has no \"Returns\" list"
                                                          : ": its comment has more than one \"Returns\" list"));
            continue;
        }
        auto list = read_list(*comment, starts.front());
        if (!list.problem.empty()) {
            out.problems.push_back(name + ": " + list.problem);
            continue;
        }
        out.returns[name] = std::move(list.statuses);
    }
    return out;
}

std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace tether_test
