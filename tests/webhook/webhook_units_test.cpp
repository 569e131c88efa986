// The webhook decisions one by one: HMAC-SHA256 signatures, what a payload is, the replay window and the
// bounded nonce memory, and the receiver's answer on each path.
#include <boost/json.hpp>
#include <catch2/catch.hpp>
#include <cctype>

#include "plugin/core/redact.hpp"
#include "plugin/webhook/hmac_signature.hpp"
#include "plugin/webhook/replay_guard.hpp"
#include "plugin/webhook/webhook_payload.hpp"
#include "plugin/webhook/webhook_receiver.hpp"

using namespace tether;
using namespace tether::webhook;

namespace {

constexpr std::int64_t t0 = 1'790'000'000'000;  // 2026-09-21
const std::string secret = "shared-secret-abcdefghijklmnop";

std::string callback(const std::string& nonce, const std::string& timestamp = "2026-09-21T14:13:20Z",
                     std::int64_t id = 9000000001) {
    return R"({"nonce":")" + nonce + R"(","timestamp":")" + timestamp + R"(","webhookId":)" + std::to_string(id) +
           R"(,"scope":"sheet","scopeObjectId":2001,"events":[{"objectType":"row","eventType":"created","id":7}]})";
}

inbound_request signed_request(const std::string& body, const std::string& key = secret) {
    inbound_request r;
    r.body = body;
    r.headers = {{"Smartsheet-Hmac-SHA256", hmac_sha256_hex(key, body)}};
    return r;
}

secret_lookup knows(std::string value) {
    return [value](std::int64_t, bool) -> std::optional<wiped_string> { return wiped_string(value); };
}

boost::json::object body_of(const receipt& r) {
    return boost::json::parse(r.result.body).as_object();
}

}  // namespace

TEST_CASE("webhook HMAC-SHA256 matches RFC 4231 test case 2") {
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("webhook signature check accepts either hex case and refuses a changed byte, length or key") {
    const std::string body = callback("n1");
    std::string sig = hmac_sha256_hex(secret, body);
    CHECK(signature_matches(secret, body, sig));
    std::string upper = sig;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    CHECK(signature_matches(secret, body, upper));
    CHECK(signature_matches(secret, body, " " + sig + " "));
    CHECK_FALSE(signature_matches(secret, body + " ", sig));
    CHECK_FALSE(signature_matches(secret + "x", body, sig));
    CHECK_FALSE(signature_matches(secret, body, sig.substr(0, 63)));
    sig[10] = sig[10] == 'a' ? 'b' : 'a';
    CHECK_FALSE(signature_matches(secret, body, sig));
}

TEST_CASE("webhook payload: a challenge comes by header or body, a callback needs webhookId and events") {
    auto challenge = read_webhook_payload({{"smartsheet-hook-challenge", "abc"}}, "");
    REQUIRE(std::holds_alternative<webhook_payload>(challenge));
    CHECK(std::get<webhook_payload>(challenge).kind == payload_kind::challenge);
    CHECK(std::get<webhook_payload>(challenge).challenge == "abc");

    auto in_body = read_webhook_payload({}, R"({"challenge":"xyz","webhookId":42})");
    REQUIRE(std::holds_alternative<webhook_payload>(in_body));
    CHECK(std::get<webhook_payload>(in_body).challenge == "xyz");
    CHECK(std::get<webhook_payload>(in_body).webhook_id == 42);

    auto event = read_webhook_payload({}, callback("n1"));
    REQUIRE(std::holds_alternative<webhook_payload>(event));
    CHECK(std::get<webhook_payload>(event).kind == payload_kind::callback);
    CHECK(std::get<webhook_payload>(event).nonce == "n1");
    CHECK(std::get<webhook_payload>(event).timestamp_ms == t0);

    auto status_change =
        read_webhook_payload({}, R"({"webhookId":5,"newWebhookStatus":"DISABLED_SCOPE_INACCESSIBLE"})");
    CHECK(std::holds_alternative<webhook_payload>(status_change));

    for (const char* bad : {"", "not json", "[1,2]", R"({"events":[]})", R"({"webhookId":5})", R"({"challenge":""})"})
        CHECK(std::holds_alternative<std::string>(read_webhook_payload({}, bad)));
}

TEST_CASE("webhook timestamps read as ISO 8601 with fractions and offsets") {
    CHECK(parse_iso8601_ms("2026-09-21T14:13:20Z") == t0);
    CHECK(parse_iso8601_ms("2026-09-21T14:13:20.250Z") == t0 + 250);
    CHECK(parse_iso8601_ms("2026-09-21T16:13:20+02:00") == t0);
    CHECK_FALSE(parse_iso8601_ms("2026-02-30T00:00:00Z"));
    CHECK_FALSE(parse_iso8601_ms("yesterday"));
    CHECK_FALSE(parse_iso8601_ms("2026-09-21T14:13:20"));
}

TEST_CASE("webhook replay guard refuses a nonce seen within the window and a timestamp outside it") {
    replay_guard guard;
    CHECK(guard.admit(1, "n1", t0, t0, 60'000) == replay_verdict::fresh);
    CHECK(guard.admit(1, "n1", t0, t0 + 1'000, 60'000) == replay_verdict::replayed);
    CHECK(guard.admit(2, "n1", t0, t0 + 1'000, 60'000) == replay_verdict::fresh);  // another webhook's nonce
    CHECK(guard.admit(1, "n2", t0 - 61'000, t0, 60'000) == replay_verdict::stale);
    CHECK(guard.admit(1, "n3", t0 + 61'000, t0, 60'000) == replay_verdict::stale);
    CHECK(guard.admit(1, "n4", std::nullopt, t0, 60'000) == replay_verdict::stale);
    CHECK(guard.admit(1, "", t0, t0, 60'000) == replay_verdict::replayed);
}

TEST_CASE("webhook replay guard keeps at most its capacity, and forgets nonces two windows old") {
    replay_guard guard(3);
    for (const char* n : {"a", "b", "c", "d"}) REQUIRE(guard.admit(1, n, t0, t0, 60'000) == replay_verdict::fresh);
    CHECK(guard.remembered() == 3);
    CHECK(guard.admit(1, "a", t0, t0, 60'000) == replay_verdict::fresh);  // the oldest was forgotten
    CHECK(guard.admit(1, "d", t0, t0, 60'000) == replay_verdict::replayed);
    CHECK(guard.admit(1, "e", t0 + 150'000, t0 + 150'000, 60'000) == replay_verdict::fresh);
    CHECK(guard.remembered() == 1);
}

TEST_CASE("webhook receiver answers a challenge in the header and the body, without a secret") {
    replay_guard guard;
    inbound_request r;
    r.headers = {{"Smartsheet-Hook-Challenge", "ch-123"}};
    r.body = R"({"challenge":"ch-123","webhookId":77})";
    int lookups = 0;
    const secret_lookup counting = [&](std::int64_t, bool) -> std::optional<wiped_string> {
        ++lookups;
        return std::nullopt;
    };
    const receipt got = receive_webhook(r, counting, guard, t0);
    CHECK(got.result.code == status::ok);
    CHECK(got.result.reason == "challenge");
    CHECK(got.challenge);
    CHECK(got.webhook_id == 77);
    CHECK(lookups == 0);
    const auto doc = body_of(got);
    CHECK(doc.at("kind") == "challenge");
    CHECK(doc.at("response").at("status") == 200);
    CHECK(doc.at("response").at("headers").at("Smartsheet-Hook-Response") == "ch-123");
    CHECK(boost::json::parse(doc.at("response").at("body").as_string()).at("smartsheetHookResponse") == "ch-123");
}

TEST_CASE("webhook receiver accepts a signed callback and hands over its event") {
    replay_guard guard;
    const receipt got = receive_webhook(signed_request(callback("n1")), knows(secret), guard, t0);
    CHECK(got.result.code == status::ok);
    CHECK(got.result.reason == "event");
    const auto doc = body_of(got);
    CHECK(doc.at("kind") == "event");
    CHECK(doc.at("webhook_id") == 9000000001);
    CHECK(doc.at("event").at("events").as_array().size() == 1);
    CHECK(doc.at("response").at("status") == 200);
}

TEST_CASE("webhook receiver refuses a tampered, a wrongly keyed and an unsigned callback as forbidden") {
    replay_guard guard;
    inbound_request tampered = signed_request(callback("n1"));
    tampered.body.replace(tampered.body.find("created"), 7, "deleted");
    const receipt a = receive_webhook(tampered, knows(secret), guard, t0);
    CHECK(a.result.code == status::forbidden);
    CHECK(a.result.reason == "signature_mismatch");
    CHECK(body_of(a).at("response").at("status") == 403);
    CHECK_FALSE(body_of(a).contains("event"));

    const receipt b = receive_webhook(signed_request(callback("n2"), "another-secret"), knows(secret), guard, t0);
    CHECK(b.result.reason == "signature_mismatch");

    inbound_request unsigned_request;
    unsigned_request.body = callback("n3");
    const receipt c = receive_webhook(unsigned_request, knows(secret), guard, t0);
    CHECK(c.result.code == status::forbidden);
    CHECK(c.result.reason == "signature_missing");
}

TEST_CASE("webhook receiver looks the secret up again when the one it holds does not match") {
    replay_guard guard;
    const std::string newer = "secret-reset-by-another-process";
    std::vector<bool> rereads;
    const secret_lookup lookup = [&](std::int64_t, bool reread) -> std::optional<wiped_string> {
        rereads.push_back(reread);
        return wiped_string(reread ? newer : secret);
    };
    const receipt got = receive_webhook(signed_request(callback("n1"), newer), lookup, guard, t0);
    CHECK(got.result.code == status::ok);
    CHECK(rereads == std::vector<bool>{false, true});
}

TEST_CASE("webhook receiver: not a payload is a bad request, an unknown secret a config error") {
    replay_guard guard;
    inbound_request junk;
    junk.body = "<html>";
    const receipt a = receive_webhook(junk, knows(secret), guard, t0);
    CHECK(a.result.code == status::bad_request);
    CHECK(a.result.reason == "not_webhook_payload");
    CHECK(body_of(a).at("kind") == "unknown");

    const secret_lookup none = [](std::int64_t, bool) -> std::optional<wiped_string> { return std::nullopt; };
    const receipt b = receive_webhook(signed_request(callback("n1")), none, guard, t0);
    CHECK(b.result.code == status::config_error);
    CHECK(b.result.reason == "webhook_secret_unknown");

    inbound_request routed = signed_request(callback("n1"));
    routed.webhook_id = 5;
    const receipt c = receive_webhook(routed, knows(secret), guard, t0);
    CHECK(c.result.code == status::bad_request);
    CHECK(c.result.reason == "webhook_id_mismatch");
}

TEST_CASE("webhook receiver with a replay window refuses a replayed nonce and a stale timestamp") {
    replay_guard guard;
    inbound_request r = signed_request(callback("n1"));
    r.replay_window_ms = 300'000;
    CHECK(receive_webhook(r, knows(secret), guard, t0 + 1'000).result.code == status::ok);
    const receipt again = receive_webhook(r, knows(secret), guard, t0 + 2'000);
    CHECK(again.result.code == status::forbidden);
    CHECK(again.result.reason == "replayed");

    inbound_request old = signed_request(callback("n2"));
    old.replay_window_ms = 300'000;
    const receipt stale = receive_webhook(old, knows(secret), guard, t0 + 301'000);
    CHECK(stale.result.code == status::forbidden);
    CHECK(stale.result.reason == "stale");

    // Without a window, the same callback twice is accepted twice.
    replay_guard open;
    inbound_request plain = signed_request(callback("n1"));
    CHECK(receive_webhook(plain, knows(secret), open, t0).result.code == status::ok);
    CHECK(receive_webhook(plain, knows(secret), open, t0).result.code == status::ok);
}

TEST_CASE("webhook receiver never puts the secret in its message or body") {
    replay_guard guard;
    for (const inbound_request& r : {signed_request(callback("n1")), signed_request(callback("n2"), "wrong"),
                                     inbound_request{{}, callback("n3"), std::nullopt, std::nullopt, 0}}) {
        const receipt got = receive_webhook(r, knows(secret), guard, t0);
        INFO("reason " << got.result.reason << ", secret " << redact(secret));
        CHECK(got.result.message.find(secret) == std::string::npos);
        CHECK(got.result.body.find(secret) == std::string::npos);
    }
}
