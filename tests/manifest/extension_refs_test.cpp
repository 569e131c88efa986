// The manifest's names for extensions: `extension:` (a code operation) and `hooks:` read with their positions,
// what does not apply to a code operation reported, and the places no extension may reach.
#include <catch2/catch.hpp>
#include <string>

#include "plugin/manifest/manifest.hpp"
#include "tests/manifest/manifest_fixtures.hpp"

using namespace tether::manifest;
using tether::manifest::testing::minimal_manifest;

namespace {

std::string all_diagnostics(const load_result& r) {
    std::string out;
    for (const auto& d : r.diagnostics) out += to_string(d) + "\n";
    return out;
}

}  // namespace

TEST_CASE("extension refs: a code operation and hooks are read with their file positions") {
    const auto r = load_manifest_text(std::string(minimal_manifest) +
                                          "    hooks: {request: [sign, tenant], response: [reshape]}\n"
                                          "  rows.upsert:\n"
                                          "    description: done in code\n"
                                          "    extension: rows.upsert\n"
                                          "    required_scopes: [WRITE]\n",
                                      "m.yaml");
    INFO(all_diagnostics(r));
    REQUIRE(r.manifest);
    const operation* me = r.manifest->find_operation("me");
    REQUIRE(me->request_hooks.size() == 2);
    CHECK(me->request_hooks[1].name == "tenant");
    CHECK(me->request_hooks[0].line == 22);
    CHECK(me->request_hooks[0].column == 23);
    REQUIRE(me->response_hooks.size() == 1);
    CHECK(me->response_hooks[0].name == "reshape");
    CHECK_FALSE(me->is_code_operation());
    const operation* upsert = r.manifest->find_operation("rows.upsert");
    REQUIRE(upsert->is_code_operation());
    CHECK(upsert->extension->name == "rows.upsert");
    CHECK(upsert->extension->line == 25);
    CHECK(upsert->extension->column == 16);
    CHECK(upsert->body == body_mode::optional);
    CHECK(upsert->required_scopes == std::vector<std::string>{"WRITE"});
    CHECK(upsert->params.empty());  // filled in when the extensions are bound
}

TEST_CASE("extension refs: what does not apply to a code operation is reported where it is written") {
    const auto r = load_manifest_text(std::string(minimal_manifest) +
                                          "  rows.upsert:\n"
                                          "    extension: rows.upsert\n"
                                          "    method: POST\n"
                                          "    params: {id: {in: query, type: string}}\n",
                                      "m.yaml");
    CHECK_FALSE(r.manifest);
    const std::string text = all_diagnostics(r);
    CHECK_THAT(text, Catch::Contains("m.yaml:24:5: operation 'rows.upsert' is implemented by an extension "
                                     "('extension'), so 'method' does not apply"));
    CHECK_THAT(text, Catch::Contains("m.yaml:25:5:") && Catch::Contains("so 'params' does not apply"));
}

TEST_CASE("extension refs: a probe cannot be a code operation, nor may response hooks see a webhook secret") {
    std::string probe = minimal_manifest;
    probe.replace(probe.find("  me:\n    method: GET\n    path: /me\n"), 36, "  me:\n    extension: me\n");
    const auto r = load_manifest_text(probe, "m.yaml");
    CHECK_FALSE(r.manifest);
    CHECK_THAT(all_diagnostics(r), Catch::Contains("probe operation 'me' is implemented by an extension"));

    const auto w = load_manifest_text(std::string(minimal_manifest) +
                                          "  hooks.create:\n"
                                          "    method: POST\n"
                                          "    path: /hooks\n"
                                          "    webhook_secret: {secret: /sharedSecret, webhook_id: /id}\n"
                                          "    hooks: {response: [peek]}\n",
                                      "m.yaml");
    CHECK_FALSE(w.manifest);
    CHECK_THAT(all_diagnostics(w), Catch::Contains("m.yaml:26:13: operation 'hooks.create' declares webhook_secret"));
}
