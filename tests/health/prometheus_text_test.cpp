// The Prometheus exposition stays valid text whatever a connection id holds (quotes, backslashes, line feeds
// are escaped, never forge a sample), per connection and in the connector's aggregate; and the 403 counter
// keeps a bounded number of resource labels.
#include <catch2/catch.hpp>
#include <cctype>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "plugin/health/health_document.hpp"
#include "plugin/health/prometheus_labels.hpp"
#include "tests/auth/engine_fixture.hpp"
#include "tether/stores/memory_store.hpp"
#include "tether/tether.hpp"

using namespace tether_test;

namespace {

struct sample {
    std::string name;
    std::map<std::string, std::string> labels;  // unescaped values
    std::string value;
};

// Parses an exposition the way the text format defines it: every line is a comment (`# …`) or
// `name{label="value",…} value`, where a value escapes only backslash, double quote and line feed. Lines that
// are neither go to `problems`.
std::vector<sample> parse_exposition(const std::string& text, std::vector<std::string>& problems) {
    std::vector<sample> samples;
    const auto name_char = [](char c, bool first) {
        return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
               (!first && std::isdigit(static_cast<unsigned char>(c)));
    };
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.rfind("#", 0) == 0) continue;
        sample s;
        std::size_t i = 0;
        while (i < line.size() && name_char(line[i], i == 0)) s.name += line[i++];
        bool ok = !s.name.empty();
        if (ok && i < line.size() && line[i] == '{') {
            ++i;
            while (ok && i < line.size() && line[i] != '}') {
                std::string label;
                while (i < line.size() && name_char(line[i], label.empty()) && line[i] != ':') label += line[i++];
                ok = !label.empty() && line.compare(i, 2, "=\"") == 0;
                i += 2;
                std::string value;
                while (ok && i < line.size() && line[i] != '"') {
                    if (line[i] != '\\') {
                        value += line[i++];
                        continue;
                    }
                    const char escaped = i + 1 < line.size() ? line[i + 1] : '\0';
                    ok = escaped == '\\' || escaped == '"' || escaped == 'n';
                    value += escaped == 'n' ? '\n' : escaped;
                    i += 2;
                }
                ok = ok && i < line.size() && s.labels.emplace(label, value).second;
                ++i;  // the closing quote
                if (ok && i < line.size() && line[i] == ',') ++i;
            }
            ok = ok && i < line.size() && line[i] == '}';
            ++i;
        }
        ok = ok && i < line.size() && line[i] == ' ';
        s.value = ok ? line.substr(i + 1) : "";
        ok = ok && !s.value.empty() && s.value.find_first_not_of("0123456789.-+eE") == std::string::npos;
        if (ok)
            samples.push_back(std::move(s));
        else
            problems.push_back(line);
    }
    return samples;
}

// A connection id that would end its label, its line, and forge a sample of its own if written as it is.
const std::string hostile_id = "acme\"} 1\ntether_circuit_open{connection=\"forged\\";

// Every sample of `text` parses, and each one labelled with a connection names `hostile_id` or `other_id`.
void check_valid_with_ids(const std::string& text, const std::vector<std::string>& ids) {
    std::vector<std::string> problems;
    const auto samples = parse_exposition(text, problems);
    CHECK(problems.empty());
    for (const auto& p : problems) UNSCOPED_INFO("not a comment or a sample: " << p);
    REQUIRE_FALSE(samples.empty());
    std::map<std::string, int> seen;
    for (const auto& s : samples) {
        REQUIRE(s.labels.count("connection") == 1);
        ++seen[s.labels.at("connection")];
    }
    CHECK(seen.size() == ids.size());
    for (const auto& id : ids) CHECK(seen[id] > 0);
}

}  // namespace

TEST_CASE("a label value escapes backslash, double quote and line feed, and nothing else") {
    CHECK(tether::health::escape_label_value("plain id-42 é") == "plain id-42 é");
    CHECK(tether::health::escape_label_value("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}

TEST_CASE("tether_health in Prometheus format escapes a connection id made to forge samples") {
    engine_fixture f;  // for its emulator and settings; the engine here is libtether's, through the C ABI
    tether::sdk::memory_store store;
    tether::sdk::host_services services;
    services.use_storage(store);
    auto connector = tether::sdk::connector::open_file(smartsheet_manifest_path(), services);
    REQUIRE(connector);
    auto hostile = connector->connect(hostile_id, f.settings_json());
    REQUIRE(hostile);

    const auto one = hostile->health(TETHER_HEALTH_PROMETHEUS);
    REQUIRE(one.ok());
    check_valid_with_ids(std::string(one.body()), {hostile_id});

    auto plain = connector->connect("plain", f.settings_json());
    REQUIRE(plain);
    const auto all = connector->health(TETHER_HEALTH_PROMETHEUS);
    REQUIRE(all.ok());
    check_valid_with_ids(std::string(all.body()), {hostile_id, "plain"});
}

TEST_CASE("the 403 counter names the 20 resources with the most 403s and sums the rest as (other)") {
    const std::int64_t now = 1'700'000'000'000;
    tether::health::health_evidence evidence;
    for (int sheet = 1; sheet <= 25; ++sheet) evidence.forbidden["sheet " + std::to_string(sheet)].add(now, sheet);
    tether::auth::keeper_snapshot snapshot;
    const std::string id = "c";
    const tether::health::health_inputs in{*smartsheet_manifest(), id, snapshot, evidence, now, now, false, std::nullopt, {}};

    std::vector<std::string> problems;
    std::map<std::string, std::string> forbidden;  // resource → value
    for (const auto& s : parse_exposition(tether::health::prometheus_text(in), problems))
        if (s.name == "tether_forbidden_responses_total") forbidden[s.labels.at("resource")] = s.value;
    CHECK(problems.empty());
    CHECK(forbidden.size() == 21);
    CHECK(forbidden["sheet 25"] == "25");
    CHECK(forbidden["sheet 6"] == "6");
    CHECK(forbidden.count("sheet 5") == 0);
    CHECK(forbidden["(other)"] == "15");  // sheets 1 to 5
}
