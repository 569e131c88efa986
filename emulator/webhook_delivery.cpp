// Outbound webhook traffic of the emulator, as Smartsheet sends it: a challenge in the
// Smartsheet-Hook-Challenge header and the body, callbacks with nonce, timestamp, scope and events, signed
// in Smartsheet-Hmac-SHA256 with the webhook's shared secret at the moment of sending.
#include "webhook_delivery.hpp"

#include <httplib.h>

#include <boost/json.hpp>

#include "clock.hpp"
#include "request_hash.hpp"

namespace tether::emulator::detail {

namespace {

struct answer {
    int status = 0;
    std::string response_header;
    std::string body;
};

// Only loopback subscribers are reached: the emulator never leaves the machine, so an https callback URL is
// unreachable (status 0) and its verification fails.
answer post(const std::string& url, const httplib::Headers& headers, const std::string& body) {
    if (!url.starts_with("http://127.0.0.1:")) return {};
    const std::size_t scheme_end = url.find("://");
    const std::size_t path_start = url.find('/', scheme_end + 3);
    httplib::Client client(url.substr(0, path_start));
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    const auto res =
        client.Post(path_start == std::string::npos ? "/" : url.substr(path_start), headers, body, "application/json");
    if (!res) return {};
    return answer{res->status, res->get_header_value("Smartsheet-Hook-Response"), res->body};
}

bool echoes(const answer& a, const std::string& challenge) {
    if (a.status != 200) return false;
    if (a.response_header == challenge) return true;
    boost::json::error_code ec;
    const auto body = boost::json::parse(a.body, ec);
    if (ec || !body.is_object()) return false;
    const auto* echoed = body.as_object().if_contains("smartsheetHookResponse");
    return echoed != nullptr && echoed->is_string() && echoed->as_string() == challenge;
}

struct challenge_request {
    std::int64_t webhook_id = 0;
    std::string url, challenge, body;
};

challenge_request challenge_for(emulator_state& state, const webhook_record& hook) {
    challenge_request c{hook.id, hook.callback_url, state.random.alphanumeric(32), {}};
    c.body = boost::json::serialize(boost::json::object{{"challenge", c.challenge}, {"webhookId", hook.id}});
    return c;
}

bool send_challenge(const challenge_request& c, answer& got) {
    got = post(c.url, {{"Smartsheet-Hook-Challenge", c.challenge}}, c.body);
    return echoes(got, c.challenge);
}

}  // namespace

bool callback_url_allowed(std::string_view url) {
    if (url.starts_with("https://")) return true;
    constexpr std::string_view loopback = "http://127.0.0.1:";
    if (!url.starts_with(loopback)) return false;
    const std::string_view rest = url.substr(loopback.size());
    const std::size_t digits = rest.find_first_not_of("0123456789");
    return digits != 0 && (digits == std::string_view::npos || rest[digits] == '/');
}

bool verify_subscriber(emulator_state& state, const webhook_record& hook) {
    const challenge_request c = challenge_for(state, hook);
    answer got;
    const bool ok = send_challenge(c, got);
    state.webhook_deliveries.push_back(webhook_delivery{hook.id, "challenge", got.status, ok});
    return ok;
}

void queue_row_events(emulator_state& state, const sheet_record& sheet, std::string_view event_type,
                      const std::vector<std::int64_t>& row_ids, std::int64_t user_id) {
    const std::string when = format_iso8601(state.clock.now());
    for (const auto& [id, hook] : state.webhooks) {
        if (!hook.enabled || hook.scope != "sheet" || hook.scope_object_id != sheet.id) continue;
        boost::json::array events;
        events.push_back(boost::json::object{{"objectType", "sheet"},
                                             {"eventType", "updated"},
                                             {"id", sheet.id},
                                             {"userId", user_id},
                                             {"timestamp", when}});
        for (const std::int64_t row : row_ids)
            events.push_back(boost::json::object{{"objectType", "row"},
                                                 {"eventType", event_type},
                                                 {"id", row},
                                                 {"userId", user_id},
                                                 {"timestamp", when}});
        const boost::json::object body{{"nonce", state.random.alphanumeric(36)},
                                       {"timestamp", when},
                                       {"webhookId", hook.id},
                                       {"scope", "sheet"},
                                       {"scopeObjectId", sheet.id},
                                       {"events", std::move(events)}};
        state.webhook_outbox.push_back(pending_callback{hook.id, boost::json::serialize(body)});
    }
}

int deliver_pending_callbacks(emulator_state& state) {
    int sent = 0;
    for (;;) {
        // One callback at a time: the lock is not held while the subscriber answers.
        std::string url, body, signature;
        std::int64_t webhook_id = 0;
        {
            std::lock_guard lock(state.mutex);
            if (state.webhook_outbox.empty()) return sent;
            pending_callback next = std::move(state.webhook_outbox.front());
            state.webhook_outbox.erase(state.webhook_outbox.begin());
            const auto it = state.webhooks.find(next.webhook_id);
            if (it == state.webhooks.end() || !it->second.enabled) continue;
            webhook_id = next.webhook_id;
            url = it->second.callback_url;
            body = std::move(next.body);
            signature = hmac_sha256_hex(it->second.shared_secret, body);
        }
        const answer got = post(url, {{"Smartsheet-Hmac-SHA256", signature}}, body);
        ++sent;
        std::optional<challenge_request> reverify;
        {
            std::lock_guard lock(state.mutex);
            state.webhook_deliveries.push_back(
                webhook_delivery{webhook_id, "callback", got.status, got.status >= 200 && got.status < 300});
            const auto it = state.webhooks.find(webhook_id);
            if (it == state.webhooks.end()) continue;
            if (++it->second.callbacks_since_verification >= state.options.webhook_reverify_every) {
                it->second.callbacks_since_verification = 0;
                reverify = challenge_for(state, it->second);
            }
        }
        if (!reverify) continue;
        answer challenged;
        const bool ok = send_challenge(*reverify, challenged);
        std::lock_guard lock(state.mutex);
        state.webhook_deliveries.push_back(webhook_delivery{webhook_id, "challenge", challenged.status, ok});
        const auto it = state.webhooks.find(webhook_id);
        if (ok || it == state.webhooks.end()) continue;
        it->second.enabled = false;
        it->second.status = "DISABLED_VERIFICATION_FAILED";
        std::erase_if(state.webhook_outbox, [&](const pending_callback& p) { return p.webhook_id == webhook_id; });
    }
}

}  // namespace tether::emulator::detail
