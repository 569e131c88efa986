// Webhooks end to end through the C ABI, against the Smartsheet emulator: tether captures the shared secret
// when the webhook is created, the host's endpoint (tether_webhook_receive) answers the challenge on enable,
// signed callbacks of row changes are accepted, tampered, unsigned and replayed ones refused, a reset secret is
// picked up, re-verification is answered — and the secret shows nowhere but in the host's storage.
#include <algorithm>
#include <boost/json.hpp>
#include <catch2/catch.hpp>

#include "tests/abi/contract_world.hpp"
#include "tests/webhook/webhook_receiver_server.hpp"
#include "tether/redact.hpp"

using namespace tether_test;
namespace json = boost::json;

namespace {

constexpr std::int64_t sheet = 2001;

tether::emulator::emulator_options reverify_every(int n) {
    tether::emulator::emulator_options o;
    o.webhook_reverify_every = n;
    return o;
}

struct hooked_world {
    explicit hooked_world(tether::emulator::emulator_options options = {}, bool wrong_answers = false)
        : w(make_options(std::move(options))), receiver(w.connection, wrong_answers) {
        w.seed_authorized();
    }

    static world_options make_options(tether::emulator::emulator_options e) {
        world_options o;
        o.emulator = std::move(e);
        return o;
    }

    tether_status call(const char* operation, const json::object& params, const std::optional<json::object>& body) {
        const std::string p = json::serialize(params);
        const std::string b = body ? json::serialize(*body) : std::string();
        tether_call_request req = TETHER_CALL_REQUEST_INIT;
        req.operation = operation;
        req.params_json = p.c_str();
        if (body) req.body = b.c_str();
        const tether_status s = tether_call(w.connection, &req, w.result());
        outputs.push_back(tether_result_body(w.last(), nullptr));
        outputs.push_back(tether_result_message(w.last()));
        return s;
    }

    json::value last_body() const { return json::parse(tether_result_body(w.last(), nullptr)); }

    std::int64_t create_webhook(const std::string& url) {
        REQUIRE(call("webhooks.create", {},
                     json::object{{"name", "rows"},
                                  {"callbackUrl", url},
                                  {"scope", "sheet"},
                                  {"scopeObjectId", sheet},
                                  {"events", json::array{"*.*"}},
                                  {"version", 1}}) == TETHER_OK);
        return last_body().at("result").at("id").as_int64();
    }

    tether_status enable(std::int64_t id) {
        return call("webhooks.update", {{"webhookId", id}}, json::object{{"enabled", true}});
    }

    void add_row(const char* value) {
        REQUIRE(
            call("rows.add", {{"sheetId", sheet}},
                 json::object{{"cells", json::array{json::object{{"columnId", sheet * 10 + 1}, {"value", value}}}}}) ==
            TETHER_OK);
    }

    // The secret of `id` as the host's storage holds it.
    std::string stored_secret(std::int64_t id) {
        std::lock_guard lock(w.host.mutex);
        const auto record = json::parse(w.host.records.at("conn").first);
        return std::string(record.at("webhooks").at(std::to_string(id)).at("secret").as_string());
    }

    tether_status receive(const received_webhook& r, std::int64_t window_ms = 0) {
        const tether_status s = receive_as_host(w.connection, r, window_ms, w.result());
        outputs.push_back(tether_result_body(w.last(), nullptr));
        outputs.push_back(tether_result_message(w.last()));
        return s;
    }

    // An enabled webhook of `receiver` and the first callback it accepted (a row added).
    std::pair<std::int64_t, received_webhook> webhook_with_one_callback() {
        const std::int64_t id = create_webhook(receiver.url());
        REQUIRE(enable(id) == TETHER_OK);
        add_row("first");
        REQUIRE(w.emulator.deliver_webhooks() == 1);
        const auto events = callbacks();
        REQUIRE(events.size() == 1);
        REQUIRE(events[0].status == TETHER_OK);
        return {id, events[0]};
    }

    std::string health(unsigned flags = 0) {
        REQUIRE(tether_health(w.connection, flags, w.result()) == TETHER_OK);
        outputs.push_back(tether_result_body(w.last(), nullptr));
        return outputs.back();
    }

    std::vector<received_webhook> callbacks() const {
        std::vector<received_webhook> out;
        for (auto& r : receiver.received())
            if (r.kind == "event") out.push_back(r);
        return out;
    }

    world w;
    webhook_receiver_server receiver;
    std::vector<std::string> outputs;  // every body and message tether handed over
};

received_webhook without_header(received_webhook r, const std::string& name) {
    std::erase_if(r.headers, [&](const auto& h) { return h.first == name; });
    return r;
}

}  // namespace

TEST_CASE("webhook end to end: create keeps the secret, enable answers the challenge, a row change is accepted") {
    hooked_world h;
    const std::int64_t id = h.create_webhook(h.receiver.url());
    const std::string secret = h.stored_secret(id);
    const auto issued = h.w.emulator.issued_secrets();
    CHECK(std::find(issued.begin(), issued.end(), secret) != issued.end());
    CHECK(h.last_body().at("result").at("sharedSecret").as_string() == tether::sdk::redact(secret));

    REQUIRE(h.enable(id) == TETHER_OK);
    CHECK(h.last_body().at("result").at("status") == "ENABLED");
    CHECK(h.w.emulator.webhook_status(id) == "ENABLED");
    const auto challenges = h.receiver.received();
    REQUIRE(challenges.size() == 1);
    CHECK(challenges[0].kind == "challenge");
    CHECK(challenges[0].status == TETHER_OK);

    h.add_row("first");
    CHECK(h.w.emulator.deliver_webhooks() == 1);
    const auto events = h.callbacks();
    REQUIRE(events.size() == 1);
    CHECK(events[0].status == TETHER_OK);
    const auto event = json::parse(events[0].event);
    CHECK(event.at("webhookId") == id);
    CHECK(event.at("events").at(1).at("eventType") == "created");
    const auto deliveries = h.w.emulator.webhook_deliveries();
    REQUIRE(deliveries.size() == 2);
    CHECK(deliveries[1].kind == "callback");
    CHECK(deliveries[1].status == 200);
}

TEST_CASE("webhook end to end: a tampered body, an unsigned callback and a replay are refused as forbidden") {
    hooked_world h;
    const received_webhook genuine = h.webhook_with_one_callback().second;

    received_webhook tampered = genuine;
    tampered.body.replace(tampered.body.find("created"), 7, "deleted");
    CHECK(h.receive(tampered) == TETHER_FORBIDDEN);
    CHECK(std::string(tether_result_reason(h.w.last())) == "signature_mismatch");
    CHECK(tether_result_webhook_response_status(h.w.last()) == 403);
    CHECK(std::string(tether_result_webhook_event(h.w.last())).empty());

    CHECK(h.receive(without_header(genuine, "Smartsheet-Hmac-SHA256")) == TETHER_FORBIDDEN);
    CHECK(std::string(tether_result_reason(h.w.last())) == "signature_missing");

    // With a replay window (the host's clock is the emulator's), the same callback passes once.
    CHECK(h.receive(genuine, 300'000) == TETHER_OK);
    CHECK(h.receive(genuine, 300'000) == TETHER_FORBIDDEN);
    CHECK(std::string(tether_result_reason(h.w.last())) == "replayed");
    h.w.emulator.advance_clock(std::chrono::minutes(10));
    CHECK(h.receive(genuine, 300'000) == TETHER_FORBIDDEN);
    CHECK(std::string(tether_result_reason(h.w.last())) == "stale");
}

TEST_CASE("webhook end to end: a reset secret is captured and the next callbacks verify with it") {
    hooked_world h;
    const auto [id, before] = h.webhook_with_one_callback();
    const std::string old_secret = h.stored_secret(id);

    REQUIRE(h.call("webhooks.reset_shared_secret", {{"webhookId", id}}, std::nullopt) == TETHER_OK);
    const std::string new_secret = h.stored_secret(id);
    CHECK(new_secret != old_secret);
    CHECK(h.last_body().at("result").at("sharedSecret").as_string() == tether::sdk::redact(new_secret));

    h.add_row("after");
    REQUIRE(h.w.emulator.deliver_webhooks() == 1);
    const auto events = h.callbacks();
    REQUIRE(events.size() == 2);
    CHECK(events[1].status == TETHER_OK);
    // A callback signed with the old secret no longer passes.
    CHECK(h.receive(before) == TETHER_FORBIDDEN);
    CHECK(std::string(tether_result_reason(h.w.last())) == "signature_mismatch");
}

TEST_CASE("webhook end to end: the emulator re-verifies after N callbacks and tether answers each time") {
    hooked_world h(reverify_every(2));
    const std::int64_t id = h.create_webhook(h.receiver.url());
    REQUIRE(h.enable(id) == TETHER_OK);
    for (const char* v : {"a", "b", "c", "d"}) h.add_row(v);
    CHECK(h.w.emulator.deliver_webhooks() == 4);
    int challenges = 0;
    for (const auto& d : h.w.emulator.webhook_deliveries()) {
        CHECK(d.accepted);
        if (d.kind == "challenge") ++challenges;
    }
    CHECK(challenges == 3);  // on enable, after callback 2 and after callback 4
    CHECK(h.w.emulator.webhook_status(id) == "ENABLED");
}

TEST_CASE("webhook end to end: a subscriber that answers the challenge wrong is disabled") {
    hooked_world h({}, true);
    const std::int64_t id = h.create_webhook(h.receiver.url());
    REQUIRE(h.enable(id) == TETHER_OK);
    CHECK(h.last_body().at("result").at("status") == "DISABLED_VERIFICATION_FAILED");
    h.add_row("ignored");
    CHECK(h.w.emulator.deliver_webhooks() == 0);
}

TEST_CASE("webhook end to end: a plain-http callback URL off loopback is refused with error 1152") {
    hooked_world h;
    CHECK(h.call("webhooks.create", {},
                 json::object{{"name", "rows"},
                              {"callbackUrl", "http://hooks.example/cb"},
                              {"scope", "sheet"},
                              {"scopeObjectId", sheet},
                              {"events", json::array{"*.*"}},
                              {"version", 1}}) == TETHER_BAD_REQUEST);
    CHECK(tether_result_provider_code(h.w.last()) == 1152);
}

TEST_CASE("webhook end to end: health shows the webhook and diagnoses signature mismatches piling up") {
    hooked_world h;
    const auto [id, genuine] = h.webhook_with_one_callback();
    received_webhook forged = genuine;
    forged.body.replace(forged.body.find("created"), 7, "deleted");
    for (int i = 0; i < 3; ++i) REQUIRE(h.receive(forged) == TETHER_FORBIDDEN);

    const auto doc = json::parse(h.health());
    const auto& hooks = doc.at("webhooks").as_array();
    REQUIRE(hooks.size() == 1);
    CHECK(hooks[0].at("webhook_id") == id);
    CHECK(hooks[0].at("secret").as_string() == tether::sdk::redact(h.stored_secret(id)));
    CHECK(hooks[0].at("accepted").at("total") == 1);
    CHECK(hooks[0].at("refused").at("by_reason").at("signature_mismatch") == 3);
    CHECK(hooks[0].at("last_challenge_answered_at").is_string());
    bool diagnosed = false;
    for (const auto& f : doc.at("diagnosis").as_array())
        if (f.at("signal") == "webhook_signature_mismatch") {
            diagnosed = true;
            CHECK(std::string(f.at("evidence").as_string()).find("webhook " + std::to_string(id)) != std::string::npos);
        }
    CHECK(diagnosed);
    CHECK(doc.at("state") == "degraded");
    const std::string prometheus = h.health(TETHER_HEALTH_PROMETHEUS);
    CHECK(prometheus.find(
              "tether_webhook_callbacks_refused_total{connector=\"smartsheet\",connection=\"conn\",webhook=\"" +
              std::to_string(id) + "\"} 3") != std::string::npos);
}

TEST_CASE("webhook leak scan: no shared secret in any trace log line, result or health document") {
    hooked_world h(reverify_every(2));
    const std::int64_t id = h.create_webhook(h.receiver.url());
    REQUIRE(h.enable(id) == TETHER_OK);
    h.add_row("a");
    h.add_row("b");
    h.w.emulator.deliver_webhooks();
    REQUIRE(h.call("webhooks.reset_shared_secret", {{"webhookId", id}}, std::nullopt) == TETHER_OK);
    REQUIRE(h.call("webhooks.get", {{"webhookId", id}}, std::nullopt) == TETHER_OK);
    REQUIRE(h.call("webhooks.list", {}, std::nullopt) == TETHER_OK);
    h.add_row("c");
    h.w.emulator.deliver_webhooks();
    received_webhook forged = h.callbacks().back();
    forged.body += " ";
    h.receive(forged);
    h.health();
    h.health(TETHER_HEALTH_PROMETHEUS);

    std::vector<std::string> scanned = h.outputs;
    {
        std::lock_guard lock(h.w.host.mutex);
        scanned.insert(scanned.end(), h.w.host.log_lines.begin(), h.w.host.log_lines.end());
    }
    REQUIRE(scanned.size() > 10);
    const auto issued = h.w.emulator.issued_secrets();  // tokens, client secret, every webhook secret so far
    REQUIRE(std::find(issued.begin(), issued.end(), h.stored_secret(id)) != issued.end());
    for (const std::string& secret : issued) {
        for (const std::string& text : scanned)
            if (text.find(secret) != std::string::npos)
                FAIL("the shared secret " << tether::sdk::redact(secret) << " leaked");
    }
}
