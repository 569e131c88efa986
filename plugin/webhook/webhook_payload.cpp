// Reads an inbound webhook request's headers and body into a challenge or a callback. Strict about the shape
// a callback must have, so that an arbitrary POST is refused as "not a webhook payload" before any secret is
// looked up.
#include "plugin/webhook/webhook_payload.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

namespace tether::webhook {

namespace json = boost::json;

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// A webhook id: Smartsheet sends a number; a string of digits is accepted as well.
std::optional<std::int64_t> id_of(const json::value* v) {
    if (v == nullptr) return std::nullopt;
    if (v->is_int64() && v->get_int64() > 0) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        return static_cast<std::int64_t>(v->get_uint64());
    if (v->is_string()) {
        const std::string_view s = v->get_string();
        if (s.empty() || s.size() > 18 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        return std::stoll(std::string(s));
    }
    return std::nullopt;
}

std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

}  // namespace

std::optional<std::string> find_header(const header_list& headers, std::string_view name) {
    for (const auto& [key, value] : headers)
        if (iequals(key, name)) return value;
    return std::nullopt;
}

std::optional<std::int64_t> parse_iso8601_ms(std::string_view t) {
    using namespace std::chrono;
    const auto y = digits(t, 0, 4), mo = digits(t, 5, 2), d = digits(t, 8, 2), h = digits(t, 11, 2),
               mi = digits(t, 14, 2), s = digits(t, 17, 2);
    if (!y || !mo || !d || !h || !mi || !s || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != 't') ||
        t[13] != ':' || t[16] != ':' || *h > 23 || *mi > 59 || *s > 60)
        return std::nullopt;
    const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) return std::nullopt;
    std::size_t at = 19;
    std::int64_t fraction_ms = 0;
    if (at < t.size() && t[at] == '.') {
        ++at;
        std::int64_t scale = 100;
        const std::size_t first = at;
        for (; at < t.size() && t[at] >= '0' && t[at] <= '9'; ++at) {
            fraction_ms += (t[at] - '0') * scale;
            scale /= 10;
        }
        if (at == first) return std::nullopt;
    }
    std::int64_t offset_min = 0;
    if (at < t.size() && (t[at] == 'Z' || t[at] == 'z') && at + 1 == t.size()) {
    } else if (at + 6 == t.size() && (t[at] == '+' || t[at] == '-') && t[at + 3] == ':') {
        const auto oh = digits(t, at + 1, 2), om = digits(t, at + 4, 2);
        if (!oh || !om || *oh > 23 || *om > 59) return std::nullopt;
        offset_min = (t[at] == '-' ? -1 : 1) * (*oh * 60 + *om);
    } else {
        return std::nullopt;
    }
    const std::int64_t days = sys_days{ymd}.time_since_epoch().count();
    return (((days * 24 + *h) * 60 + *mi - offset_min) * 60 + *s) * 1000 + fraction_ms;
}

std::variant<webhook_payload, std::string> read_webhook_payload(const header_list& headers, std::string_view body) {
    webhook_payload p;
    json::error_code ec;
    const json::value parsed = body.empty() ? json::value{} : json::parse(body, ec);
    if (ec) return std::string("the body is not JSON");
    if (!body.empty() && !parsed.is_object()) return std::string("the body is not a JSON object");
    if (parsed.is_object()) p.document = parsed.get_object();
    p.webhook_id = id_of(p.document.if_contains("webhookId"));

    std::optional<std::string> challenge = find_header(headers, challenge_header);
    if (!challenge)
        if (const auto* c = p.document.if_contains("challenge"); c != nullptr && c->is_string())
            challenge = std::string(c->get_string());
    if (challenge) {
        if (challenge->empty()) return std::string("the challenge is empty");
        p.kind = payload_kind::challenge;
        p.challenge = std::move(*challenge);
        return p;
    }

    if (p.document.empty()) return std::string("the body is empty");
    if (!p.webhook_id) return std::string("the body has no webhookId");
    const auto* events = p.document.if_contains("events");
    const auto* status = p.document.if_contains("newWebhookStatus");
    if (!(events != nullptr && events->is_array()) && !(status != nullptr && status->is_string()))
        return std::string("the body has neither an events array nor a newWebhookStatus");
    if (const auto* n = p.document.if_contains("nonce"); n != nullptr && n->is_string()) p.nonce = n->get_string();
    if (const auto* ts = p.document.if_contains("timestamp"); ts != nullptr && ts->is_string())
        p.timestamp_ms = parse_iso8601_ms(ts->get_string());
    p.kind = payload_kind::callback;
    return p;
}

}  // namespace tether::webhook
