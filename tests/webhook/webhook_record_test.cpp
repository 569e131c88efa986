// Webhook secrets at rest and in health: declared in the manifest, taken out of an answer, kept in the
// connection's record across grants, old records still read, and each webhook's health with its finding.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <fstream>
#include <iterator>

#include "plugin/core/redact.hpp"
#include "plugin/health/webhook_counters.hpp"
#include "plugin/health/webhook_health.hpp"
#include "plugin/manifest/manifest.hpp"
#include "plugin/record/token_record.hpp"
#include "plugin/webhook/secret_capture.hpp"

using namespace tether;

namespace {

const std::string secret = "abcdefghijklmnopqrstuvwxyz";

record::token_record parsed(const std::string& json) {
    auto r = record::parse_token_record(json);
    if (auto* problem = std::get_if<std::string>(&r)) FAIL(*problem);
    return std::get<record::token_record>(r);
}

}  // namespace

TEST_CASE("webhook secrets are declared on every webhooks operation that answers with one in smartsheet.yaml") {
    const auto loaded = manifest::load_manifest_file(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml");
    REQUIRE(loaded.manifest);
    const auto* create = loaded.manifest->find_operation("webhooks.create");
    REQUIRE(create);
    REQUIRE(create->webhook_secret);
    CHECK(create->webhook_secret->secret == "/result/sharedSecret");
    CHECK(create->webhook_secret->webhook_id == "/result/id");
    const auto* reset = loaded.manifest->find_operation("webhooks.reset_shared_secret");
    REQUIRE(reset);
    REQUIRE(reset->webhook_secret);
    CHECK(reset->webhook_secret->webhook_id == "/result/webhookId");
    const auto* list = loaded.manifest->find_operation("webhooks.list");
    REQUIRE(list->webhook_secret);
    CHECK(list->webhook_secret->each == "/data");
    for (const char* op : {"webhooks.get", "webhooks.update"})
        CHECK(loaded.manifest->find_operation(op)->webhook_secret);
    CHECK_FALSE(loaded.manifest->find_operation("webhooks.delete")->webhook_secret);
}

TEST_CASE("webhook_secret with a malformed pointer or a missing key is a manifest error") {
    // smartsheet.yaml ends with its operations: one more, declaring a secret wrongly.
    std::ifstream file(std::string(TETHER_SOURCE_DIR) + "/manifests/smartsheet.yaml");
    std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    text += "\n  hooks.create:\n    method: POST\n    path: /hooks\n    webhook_secret: {secret: \"result/secret\"}\n";
    const auto loaded = manifest::load_manifest_text(text, "hooks.yaml");
    CHECK_FALSE(loaded.manifest);
    std::string all;
    for (const auto& d : loaded.diagnostics) all += d.message + "\n";
    CHECK(all.find("secret") != std::string::npos);
    CHECK(all.find("webhook_id") != std::string::npos);
}

TEST_CASE("webhook secret is taken out of the answer, which keeps only its last 6 characters") {
    const manifest::webhook_secret_spec spec{"", "/result/sharedSecret", "/result/id"};
    std::string body =
        R"({"message":"SUCCESS","result":{"id":9000000001,"name":"rows","sharedSecret":")" + secret + R"("}})";
    const auto captured = webhook::take_webhook_secrets(spec, body);
    REQUIRE(captured.size() == 1);
    CHECK(captured[0].webhook_id == 9000000001);
    CHECK(captured[0].secret == secret);
    CHECK(body.find(secret) == std::string::npos);
    const auto doc = boost::json::parse(body);
    CHECK(doc.at("result").at("sharedSecret").as_string() == redact(secret));
    CHECK(doc.at("result").at("name") == "rows");

    std::string without = R"({"result":{"id":1}})";
    CHECK(webhook::take_webhook_secrets(spec, without).empty());
    CHECK(without == R"({"result":{"id":1}})");
}

TEST_CASE("webhook secrets are taken out of every item of a list") {
    const manifest::webhook_secret_spec spec{"/data", "/sharedSecret", "/id"};
    std::string body = R"({"data":[{"id":1,"sharedSecret":"first-secret-111111"},{"id":2},)"
                       R"({"id":3,"sharedSecret":"third-secret-333333"}]})";
    const auto captured = webhook::take_webhook_secrets(spec, body);
    REQUIRE(captured.size() == 2);
    CHECK(captured[0].webhook_id == 1);
    CHECK(captured[1].webhook_id == 3);
    CHECK(body.find("first-secret-111111") == std::string::npos);
    CHECK(body.find("third-secret-333333") == std::string::npos);
    CHECK(boost::json::parse(body).at("data").at(0).at("sharedSecret").as_string() == redact("first-secret-111111"));
}

TEST_CASE("webhook secret capture is a record change: replaces the webhook's secret, moot when unchanged") {
    record::token_record start;
    const auto first = webhook::webhook_secret_captured(42, secret, 1'000)(start);
    REQUIRE(first);
    CHECK(first->webhooks.at(42).secret == secret);
    CHECK(first->webhooks.at(42).captured_at_ms == 1'000);
    CHECK_FALSE(webhook::webhook_secret_captured(42, secret, 2'000)(*first));
    const auto reset = webhook::webhook_secret_captured(42, "a-new-secret-value", 3'000)(*first);
    REQUIRE(reset);
    CHECK(reset->webhooks.at(42).secret == "a-new-secret-value");
}

TEST_CASE("webhook secrets round-trip through the stored record, and records without them still read") {
    record::token_record r;
    r.webhooks[9000000001] = record::webhook_secret{secret, 1'700'000'000'000};
    const std::string json = record::serialize_token_record(r);
    const auto back = parsed(json);
    REQUIRE(back.webhooks.size() == 1);
    CHECK(back.webhooks.at(9000000001).secret == secret);
    CHECK(back.webhooks.at(9000000001).captured_at_ms == 1'700'000'000'000);
    CHECK(record::serialize_token_record(back) == json);

    CHECK(parsed(R"({"schema":1,"state":"unauthorized"})").webhooks.empty());

    for (const char* damaged :
         {R"({"schema":1,"webhooks":[]})", R"({"schema":1,"webhooks":{"abc":{"secret":"x"}}})",
          R"({"schema":1,"webhooks":{"5":{"secret":7}}})", R"({"schema":1,"webhooks":{"5":{}}})"}) {
        INFO(damaged);
        CHECK(std::holds_alternative<std::string>(record::parse_token_record(damaged)));
    }
}

TEST_CASE("webhook health lists captured and active webhooks with the secret's last 6 characters only") {
    health::webhook_counters counters;
    counters.record_challenge(42, 1'000);
    counters.record_accepted(42, 2'000);
    counters.record_refused(43, "signature_missing", 3'000);
    std::map<std::int64_t, record::webhook_secret> captured{{42, {secret, 500}}};
    const health::webhook_health_inputs in{captured, counters.snapshot(4'000)};
    const auto section = health::webhook_section(in);
    REQUIRE(section.size() == 2);
    const auto& first = section[0].as_object();
    CHECK(first.at("webhook_id") == 42);
    CHECK(first.at("secret").as_string() == redact(secret));
    CHECK(first.at("accepted").at("total") == 1);
    CHECK(first.at("last_challenge_answered_at").is_string());
    const auto& second = section[1].as_object();
    CHECK(second.at("secret").is_null());
    CHECK(second.at("refused").at("by_reason").at("signature_missing") == 1);
    CHECK(boost::json::serialize(section).find(secret) == std::string::npos);
    CHECK(health::webhook_findings(in).empty());

    const std::string text = health::webhook_prometheus(in, "connector=\"smartsheet\",connection=\"c\"");
    CHECK(text.find(
              "tether_webhook_callbacks_accepted_total{connector=\"smartsheet\",connection=\"c\",webhook=\"42\"} 1") !=
          std::string::npos);
    CHECK(text.find(
              "tether_webhook_callbacks_refused_total{connector=\"smartsheet\",connection=\"c\",webhook=\"43\"} 1") !=
          std::string::npos);
}

TEST_CASE("webhook health diagnoses signature mismatches piling up, until a callback is accepted again") {
    health::webhook_counters counters;
    const std::map<std::int64_t, record::webhook_secret> captured;
    for (int i = 0; i < health::webhook_mismatch_threshold - 1; ++i)
        counters.record_refused(42, "signature_mismatch", 1'000 + i);
    CHECK(health::webhook_findings({captured, counters.snapshot(5'000)}).empty());
    counters.record_refused(42, "signature_mismatch", 4'000);
    const auto findings = health::webhook_findings({captured, counters.snapshot(5'000)});
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].signal == "webhook_signature_mismatch");
    CHECK(findings[0].severity == "warning");
    CHECK(findings[0].evidence.find("signature mismatch for webhook 42 since") != std::string::npos);
    CHECK(findings[0].first_action.find("reset elsewhere") != std::string::npos);
    counters.record_accepted(42, 6'000);
    CHECK(health::webhook_findings({captured, counters.snapshot(7'000)}).empty());
}

TEST_CASE("webhook counters track a bounded number of webhooks and count the rest under id 0") {
    health::webhook_counters counters;
    for (std::int64_t id = 1; id <= static_cast<std::int64_t>(health::webhook_counters::max_tracked) + 50; ++id)
        counters.record_refused(id, "signature_missing", 1'000);
    const auto snapshot = counters.snapshot(2'000);
    CHECK(snapshot.size() == health::webhook_counters::max_tracked + 1);
    CHECK(snapshot.front().webhook_id == 0);
    CHECK(snapshot.front().refused_total == 50);
}
