// Reading an extension's table and binding a manifest to the extensions, without a connector: every malformed
// table refused with the source named, and code operations' parameters becoming their operations'.
#include "plugin/extension/extension_table.hpp"

#include <catch2/catch.hpp>

#include "plugin/extension/manifest_binding.hpp"
#include "plugin/manifest/manifest.hpp"
#include "tests/extension/tiny_manifest.hpp"

using namespace tether;
using namespace tether::extension;

namespace {

tether_status noop(const tether_extension_api*, tether_extension_context*, void*) {
    return TETHER_OK;
}

const tether_extension_param upsert_params[] = {
    {"sheetId", TETHER_PARAM_INTEGER, 1, "the sheet"},
    {"tags", TETHER_PARAM_STRING_LIST, 0, nullptr},
};

struct table_parts {
    tether_extension_operation op{
        sizeof(tether_extension_operation), "rows.upsert", "d", upsert_params, 2, noop, nullptr};
    const tether_extension_operation* ops[1] = {&op};
    tether_extension_hook hook{sizeof(tether_extension_hook), "sign", noop, nullptr};
    const tether_extension_hook* hooks[1] = {&hook};
    tether_extension table{sizeof(tether_extension), TETHER_ABI_VERSION, "rows", ops, 1, hooks, 1, nullptr, 0};
};

std::string refusal(const tether_extension* table) {
    auto read = read_extension_table(table, "lib.so");
    const auto* failure = std::get_if<outcome>(&read);
    return failure == nullptr ? "" : failure->reason + ": " + failure->message;
}

}  // namespace

TEST_CASE("extension table: a well-formed table becomes values, parameters as manifest parameters") {
    table_parts parts;
    auto read = read_extension_table(&parts.table, "lib.so");
    REQUIRE(std::holds_alternative<extension_info>(read));
    const auto& info = std::get<extension_info>(read);
    CHECK(info.name == "rows");
    REQUIRE(info.operations.size() == 1);
    const auto& op = info.operations[0];
    CHECK(op.extension == "rows");
    REQUIRE(op.params.size() == 2);
    CHECK(op.params[0].spec.type == manifest::value_type::integer);
    CHECK(op.params[0].spec.required);
    CHECK(op.params[1].spec.type == manifest::value_type::string_list);
    CHECK_FALSE(op.params[1].spec.required);
    REQUIRE(info.request_hooks.size() == 1);
    CHECK(info.request_hooks[0].name == "sign");
    CHECK(info.response_hooks.empty());
}

TEST_CASE("extension table: each malformed table is refused as extension_invalid, naming its source") {
    CHECK(refusal(nullptr) == "extension_invalid: extension lib.so: its entry function returned NULL");
    table_parts nameless;
    nameless.table.name = nullptr;
    CHECK_THAT(refusal(&nameless.table),
               Catch::StartsWith("extension_invalid: extension lib.so: its table has no name"));
    table_parts no_run;
    no_run.op.run = nullptr;
    CHECK_THAT(refusal(&no_run.table), Catch::Contains("operation 'rows.upsert' has no run function"));
    table_parts bad_type;
    const tether_extension_param odd[] = {{"x", 42, 0, nullptr}};
    bad_type.op.params = odd;
    bad_type.op.param_count = 1;
    CHECK_THAT(refusal(&bad_type.table), Catch::Contains("parameter 'x' has an unknown type"));
    table_parts twice;
    const tether_extension_param same[] = {{"x", TETHER_PARAM_STRING, 0, nullptr},
                                           {"x", TETHER_PARAM_STRING, 0, nullptr}};
    twice.op.params = same;
    twice.op.param_count = 2;
    CHECK_THAT(refusal(&twice.table), Catch::Contains("declares parameter 'x' twice"));
    table_parts null_hooks;
    null_hooks.table.request_hooks = nullptr;
    CHECK_THAT(refusal(&null_hooks.table), Catch::Contains("a NULL hook list"));
    table_parts small_op;
    small_op.op.struct_size = sizeof(std::size_t);
    CHECK_THAT(refusal(&small_op.table), Catch::Contains("an operation struct smaller than ABI 1.6's"));
}

TEST_CASE("extension table: binding fills a code operation's parameters, and unresolved names are located") {
    table_parts parts;
    auto loaded = extension_set::load({}, {});
    REQUIRE(std::holds_alternative<std::shared_ptr<const extension_set>>(loaded));
    const auto none = std::get<std::shared_ptr<const extension_set>>(loaded);

    const auto manifest_with = [](const std::string& hooks) {
        return manifest::load_manifest_text(std::string(tether_test::tiny_manifest_head) +
                                                " {method: GET, path: /things, hooks: " + hooks + "}\n" +
                                                "  rows.upsert: {extension: rows.upsert}\n",
                                            "t.yaml");
    };
    const auto m = manifest_with("{response: [reshape]}");
    REQUIRE(m.manifest);
    const auto problems = unresolved_names(*m.manifest, *none);
    REQUIRE(problems.size() == 2);
    CHECK(manifest::to_string(problems[0]) ==
          "t.yaml:13:64: operation 'things.list' names response hook 'reshape', which no loaded extension offers (no "
          "extension is loaded (tether --extension PATH, or the connector options))");
    CHECK(problems[1].line == 14);

    static table_parts kept;  // entry functions take no arguments: the table lives in a static
    auto with_rows = extension_set::load({}, {+[]() -> const tether_extension* { return &kept.table; }});
    const auto rows = std::get<std::shared_ptr<const extension_set>>(with_rows);
    auto still_missing = bind_extensions(m.manifest, *rows);
    REQUIRE(std::holds_alternative<std::vector<manifest::diagnostic>>(still_missing));
    CHECK_THAT(manifest::to_string(std::get<std::vector<manifest::diagnostic>>(still_missing).at(0)),
               Catch::Contains("the loaded extensions offer no response hook"));

    const auto signed_manifest = manifest_with("{request: [sign]}");
    REQUIRE(signed_manifest.manifest);
    auto bound = bind_extensions(signed_manifest.manifest, *rows);
    REQUIRE(std::holds_alternative<std::shared_ptr<const manifest::connector_manifest>>(bound));
    const auto& upsert =
        *std::get<std::shared_ptr<const manifest::connector_manifest>>(bound)->find_operation("rows.upsert");
    REQUIRE(upsert.params.size() == 2);
    CHECK(upsert.params[0].name == "sheetId");
    CHECK(signed_manifest.manifest->find_operation("rows.upsert")->params.empty());  // the loaded model unchanged
}
