// The CLI's pure decisions: reading the command line, numbers, the default store's place, which settings are
// refused as secrets, the advice printed with a failure, and the remembered settings kept in a store.
#include <catch2/catch.hpp>

#include "cli/arguments.hpp"
#include "cli/command_options.hpp"
#include "cli/helper_program.hpp"
#include "cli/manifest_settings.hpp"
#include "cli/output.hpp"
#include "cli/remembered_settings.hpp"
#include "cli/store_location.hpp"
#include "tether/redact.hpp"
#include "tether/stores/memory_store.hpp"

using namespace tether_cli;

namespace {
std::optional<arguments> parse(std::vector<std::string> argv, std::string& error) {
    return parse_arguments(argv, error);
}
}  // namespace

TEST_CASE("global options are accepted before and after the command") {
    std::string error;
    const auto args = parse({"call", "users.me", "--manifest", "m.yaml", "--set", "region=eu", "--param", "a=b",
                             "--connection", "acme", "--store", "memory:"},
                            error);
    REQUIRE(args);
    CHECK(args->command == "call");
    CHECK(args->manifest == "m.yaml");
    CHECK(args->connection == "acme");
    CHECK(args->store == std::optional<std::string>("memory:"));
    REQUIRE(args->settings.size() == 1);
    CHECK(args->settings[0] == std::pair<std::string, std::string>("region", "eu"));
    CHECK(args->rest == std::vector<std::string>{"users.me", "--param", "a=b"});
}

TEST_CASE("the whole command line is kept as given, for a helper program started in tether's place") {
    std::string error;
    const std::vector<std::string> argv{"--store", "memory:", "webhook", "serve", "--port", "0", "--set", "a=b"};
    const auto args = parse(argv, error);
    REQUIRE(args);
    CHECK(args->words == argv);
    CHECK(args->command == "webhook");
}

TEST_CASE("a helper program is looked for next to tether, then in the installed libexec/tether") {
    CHECK(helper_program_candidates("/opt/tether/bin", "tether-webhook-serve") ==
          std::vector<std::string>{"/opt/tether/bin/tether-webhook-serve",
                                   "/opt/tether/bin/../libexec/tether/tether-webhook-serve"});
}

TEST_CASE("a global option without its value names the form it expects") {
    std::string error;
    CHECK_FALSE(parse({"version", "--store"}, error));
    CHECK(error == "--store needs a value: --store URI");
    CHECK_FALSE(parse({"--set", "client_id", "validate"}, error));
    CHECK(error == "--set expects KEY=VALUE, got 'client_id'");
    CHECK_FALSE(parse({"--bogus", "version"}, error));
    CHECK_THAT(error, Catch::StartsWith("unknown option '--bogus'"));
}

TEST_CASE("--help before or after a command asks for help, without a command for the overall usage") {
    std::string error;
    const auto with_command = parse({"call", "--help"}, error);
    REQUIRE(with_command);
    CHECK(with_command->help);
    CHECK(with_command->command == "call");
    const auto alone = parse({"-h"}, error);
    REQUIRE(alone);
    CHECK(alone->help);
    CHECK(alone->command.empty());
}

TEST_CASE("numbers are read whole, in base 10 and within their range") {
    std::string error;
    CHECK(parse_integer("--listen", "8080", 1, 65535, error) == 8080);
    CHECK(parse_integer("--listen", "65535", 1, 65535, error) == 65535);
    for (const char* bad : {"abc", "80x", "", " 80", "0x50", "-1", "0", "65536", "99999999999999999999"}) {
        INFO(bad);
        CHECK_FALSE(parse_integer("--listen", bad, 1, 65535, error));
    }
    CHECK(error == "--listen needs a whole number from 1 to 65535, got '99999999999999999999'");
}

TEST_CASE("a command's unknown option is refused with the forms its command expects") {
    std::string error;
    const std::vector<option_spec> specs = {{"--force", ""}, {"--max-items", "N"}};
    const auto parsed = parse_command_options("refresh", {"--force", "--max-items", "3", "x"}, specs, error);
    REQUIRE(parsed);
    CHECK(parsed->flag("--force"));
    CHECK(*parsed->value("--max-items") == "3");
    CHECK(parsed->positional == std::vector<std::string>{"x"});
    CHECK_FALSE(parse_command_options("refresh", {"--now"}, specs, error));
    CHECK(error == "unknown option '--now' for refresh (expected: --force, --max-items N)");
    CHECK_FALSE(parse_command_options("refresh", {"--max-items"}, specs, error));
    CHECK(error == "--max-items needs a value: --max-items N");
}

TEST_CASE("the default store is in the XDG data directory, never the current one") {
    CHECK(default_store_path("/x/data", "/home/u") == "/x/data/tether/tether.db");
    CHECK(default_store_path(nullptr, "/home/u") == "/home/u/.local/share/tether/tether.db");
    CHECK(default_store_path("relative/data", "/home/u") == "/home/u/.local/share/tether/tether.db");
    CHECK(default_store_path("", "/home/u") == "/home/u/.local/share/tether/tether.db");
    CHECK_FALSE(default_store_path(nullptr, nullptr));
    CHECK_FALSE(default_store_path("relative", "also-relative"));
}

TEST_CASE("a secret setting on the command line is refused, naming its environment variable") {
    const std::vector<setting_info> settings = {{"client_id", true, false}, {"client_secret", true, true}};
    CHECK(secret_variable("client_secret") == "TETHER_CLIENT_SECRET");
    CHECK_FALSE(refuse_secrets({{"client_id", "abc"}}, settings));
    const auto refused = refuse_secrets({{"client_id", "abc"}, {"client_secret", "hunter2-value"}}, settings);
    REQUIRE(refused);
    CHECK_THAT(*refused, Catch::Contains("export TETHER_CLIENT_SECRET="));
    CHECK_THAT(*refused, !Catch::Contains("hunter2"));
}

TEST_CASE("a secret is shown only as its last 6 characters, by the SDK's one rule") {
    using tether::sdk::redact;
    CHECK(redact("tether-test-secret") == "\u2026secret");
    CHECK(redact("abcd") == "\u2026cd");
    CHECK(redact("") == "(none)");
}

TEST_CASE("each failure's advice says what to do next") {
    using tether::sdk::status;
    CHECK_THAT(advice_for(status::reconnect_required, "revoked", "", ""),
               Catch::StartsWith("the grant was revoked at the provider") &&
                   Catch::EndsWith("run `tether authorize-url` to reconnect"));
    CHECK_THAT(advice_for(status::reconnect_required, "revoked", "", "", "Wed, 02 Dec 2026 09:31:39 GMT"),
               Catch::Contains("revoked at the provider") &&
                   Catch::Contains("; tether found out on Wed, 02 Dec 2026 09:31:39 GMT): run `tether authorize-url`"));
    CHECK_THAT(advice_for(status::reconnect_required, "invalid_grant", "", ""),
               Catch::Contains("(invalid_grant)") && Catch::Contains("tether authorize-url"));
    CHECK_THAT(advice_for(status::forbidden, "", "sheet", "2004"),
               Catch::Contains("sheet 2004") && Catch::Contains("reconnecting will not help"));
    CHECK_THAT(advice_for(status::not_found, "", "sheet", "9"), Catch::StartsWith("sheet 9 does not exist"));
    CHECK_THAT(advice_for(status::transient, "", "", ""), Catch::Contains("try again later"));
    CHECK_THAT(advice_for(status::config_error, "", "", ""), Catch::Contains("tether settings"));
    CHECK(advice_for(status::ok, "", "", "").empty());
}

TEST_CASE("JSON for a terminal is indented by two spaces per level") {
    CHECK(indented_json(R"({"a":[1,{"b":true}],"c":{},"d":[]})") ==
          "{\n  \"a\": [\n    1,\n    {\n      \"b\": true\n    }\n  ],\n  \"c\": {},\n  \"d\": []\n}");
    CHECK(indented_json("not json") == "not json");
}

TEST_CASE("remembered settings are kept per connection, updated, forgotten, and the connections listed") {
    tether::sdk::memory_store store;
    remembered_settings remembered(store);
    CHECK(std::get<boost::json::object>(remembered.load("a")).empty());
    CHECK(remembered.update("a", [](boost::json::object& s) { s["client_id"] = "abc", s["region"] = "eu"; }).empty());
    CHECK(remembered.update("b", [](boost::json::object& s) { s["client_id"] = "other"; }).empty());
    CHECK(remembered.update("a", [](boost::json::object& s) { s.erase("region"); }).empty());
    CHECK(std::get<boost::json::object>(remembered.load("a")) == boost::json::object{{"client_id", "abc"}});
    CHECK(std::get<boost::json::object>(remembered.load("b")) == boost::json::object{{"client_id", "other"}});

    CHECK(remembered.note_connection("b").empty());
    CHECK(remembered.note_connection("a").empty());
    CHECK(remembered.note_connection("b").empty());
    CHECK(std::get<std::vector<std::string>>(remembered.connections()) == std::vector<std::string>{"b", "a"});

    // The CLI's keys are its own: tether's record of connection "a" is not touched.
    std::string data;
    std::uint64_t version = 0;
    store.load("a", data, version);
    CHECK(version == 0);
}

TEST_CASE("an unreadable remembered entry is reported, not overwritten") {
    tether::sdk::memory_store store;
    REQUIRE(store.store(settings_key("a"), 0, "not json") == TETHER_OK);
    remembered_settings remembered(store);
    CHECK(std::holds_alternative<std::string>(remembered.load("a")));
    CHECK_FALSE(remembered.update("a", [](boost::json::object& s) { s["x"] = "y"; }).empty());
    std::string data;
    std::uint64_t version = 0;
    store.load(settings_key("a"), data, version);
    CHECK(data == "not json");
}
