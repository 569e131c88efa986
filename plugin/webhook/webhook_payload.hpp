// What an inbound webhook request is: Smartsheet's verification challenge, or a callback (events, or a
// change of the webhook's status). Pure: reads the headers and the exact body bytes, decides nothing else.
#pragma once

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace tether::webhook {

using header_list = std::vector<std::pair<std::string, std::string>>;

// The first header called `name` (case-insensitive), or nullopt.
std::optional<std::string> find_header(const header_list& headers, std::string_view name);

enum class payload_kind { challenge, callback };

struct webhook_payload {
    payload_kind kind = payload_kind::callback;
    std::optional<std::int64_t> webhook_id;    // from the body (webhookId)
    std::string challenge;                     // challenge: the value to echo back
    std::string nonce;                         // callback
    std::optional<std::int64_t> timestamp_ms;  // callback: its `timestamp`, when it reads as ISO 8601
    boost::json::object document;              // the body as parsed (the event handed to the host)
};

// The header names Smartsheet uses.
inline constexpr std::string_view challenge_header = "Smartsheet-Hook-Challenge";
inline constexpr std::string_view response_header = "Smartsheet-Hook-Response";
inline constexpr std::string_view signature_header = "Smartsheet-Hmac-SHA256";

// A challenge (the challenge header, or a body {"challenge": …}), or a callback (a body object with a
// webhookId and either `events` or `newWebhookStatus`); otherwise a short explanation of what is wrong.
std::variant<webhook_payload, std::string> read_webhook_payload(const header_list& headers, std::string_view body);

// Milliseconds since the Unix epoch for "2026-12-02T11:37:02Z", "…02.123Z" or "…02+01:00"; nullopt for
// anything else.
std::optional<std::int64_t> parse_iso8601_ms(std::string_view text);

}  // namespace tether::webhook
