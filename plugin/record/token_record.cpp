// The connection's stored record ⇄ JSON. Parsing is strict about types so that a damaged record is
// reported rather than half-read; unknown fields are ignored so that a newer tether's records still load.
#include "plugin/record/token_record.hpp"

#include <boost/json.hpp>

#include "plugin/core/time_bounds.hpp"

namespace tether::record {

namespace json = boost::json;

std::string_view to_string(connection_state s) noexcept {
    switch (s) {
        case connection_state::unauthorized:
            return "unauthorized";
        case connection_state::authorized:
            return "authorized";
        case connection_state::reconnect_required:
            return "reconnect_required";
    }
    return "unknown";
}

namespace {

// Reads fields of one JSON object, remembering the first problem.
struct field_reader {
    const json::object& object;
    std::string where;
    std::string problem;

    const json::value* find(std::string_view key) const {
        const auto* v = object.if_contains(key);
        return (v == nullptr || v->is_null()) ? nullptr : v;
    }
    void fail(std::string_view key, std::string_view expected) {
        if (problem.empty()) problem = where + " field '" + std::string(key) + "' is not " + std::string(expected);
    }
    void read(std::string_view key, std::string& out) {
        if (const auto* v = find(key)) {
            if (v->is_string())
                out = std::string(v->get_string());
            else
                fail(key, "a string");
        }
    }
    void read(std::string_view key, std::int64_t& out) {
        if (const auto* v = find(key)) {
            if (v->is_int64())
                out = v->get_int64();
            else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
                out = static_cast<std::int64_t>(v->get_uint64());
            else
                fail(key, "an integer");
        }
    }
    // An integer within [min, max]: what the engine computes with a stored value must not overflow, so a
    // value out of range is damage, reported like a wrong type.
    void read(std::string_view key, std::int64_t& out, std::int64_t min, std::int64_t max) {
        std::int64_t value = out;
        read(key, value);
        if (value >= min && value <= max)
            out = value;
        else if (problem.empty())
            problem = where + " field '" + std::string(key) + "' is out of range (" + std::to_string(value) +
                      " is not within " + std::to_string(min) + ".." + std::to_string(max) + ")";
    }
    void read_time(std::string_view key, std::int64_t& out) { read(key, out, 0, max_time_ms); }
    void read(std::string_view key, bool& out) {
        if (const auto* v = find(key)) {
            if (v->is_bool())
                out = v->get_bool();
            else
                fail(key, "a boolean");
        }
    }
    void read(std::string_view key, std::vector<std::string>& out) {
        const auto* v = find(key);
        if (v == nullptr) return;
        if (!v->is_array()) return fail(key, "an array of strings");
        for (const auto& item : v->get_array()) {
            if (!item.is_string()) return fail(key, "an array of strings");
            out.emplace_back(item.get_string());
        }
    }
};

std::optional<connection_state> state_from(std::string_view s) {
    if (s == "unauthorized") return connection_state::unauthorized;
    if (s == "authorized") return connection_state::authorized;
    if (s == "reconnect_required") return connection_state::reconnect_required;
    return std::nullopt;
}

}  // namespace

std::variant<token_record, std::string> parse_token_record(std::string_view text) {
    json::error_code ec;
    const json::value parsed = json::parse(text, ec);
    if (ec) return "stored record is not valid JSON (" + ec.message() + ")";
    if (!parsed.is_object()) return std::string("stored record is not a JSON object");
    const auto& object = parsed.get_object();

    token_record r;
    field_reader f{object, "stored record", {}};
    std::int64_t schema = 0;
    f.read("schema", schema);
    if (f.problem.empty() && schema != token_record::schema_version)
        return "stored record has schema " + std::to_string(schema) + "; this tether reads schema " +
               std::to_string(token_record::schema_version);

    std::string state = "unauthorized";
    f.read("state", state);
    const auto parsed_state = state_from(state);
    if (!parsed_state) return "stored record field 'state' has the unknown value '" + state + "'";
    r.state = *parsed_state;

    f.read("api_token", r.api_token);
    f.read("client_credentials_method", r.client_credentials_method);
    f.read("access_token", r.access_token);
    f.read("refresh_token", r.refresh_token);
    f.read_time("issued_at_ms", r.issued_at_ms);
    f.read("declared_lifetime_s", r.declared_lifetime_s, 0, max_lifetime_s);
    std::int64_t learned = 0;  // 0: no lesson
    f.read("learned_lifetime_ms", learned, 0, max_lifetime_ms);
    if (learned > 0) r.learned_lifetime_ms = learned;
    std::int64_t death = 0;
    f.read("early_death_age_ms", death, 0, max_lifetime_ms);
    if (death > 0) r.early_death_age_ms = death;
    f.read_time("lesson_learned_at_ms", r.lesson_learned_at_ms);
    f.read("scopes", r.scopes);
    f.read("user_id", r.user_id);
    f.read("api_origin", r.api_origin);
    f.read("token_origin", r.token_origin);
    f.read("reconnect_reason", r.reconnect_reason);
    f.read("reconnect_detail", r.reconnect_detail);
    f.read_time("reconnect_since_ms", r.reconnect_since_ms);
    std::int64_t failures = 0;
    f.read("refresh_failures", failures, 0, max_refresh_failures);
    r.refresh_failures = static_cast<int>(failures);
    f.read_time("refresh_blocked_until_ms", r.refresh_blocked_until_ms);
    f.read("last_refresh_lost_in_transit", r.last_refresh_lost_in_transit);
    // Any offset is read; the record store clamps it to the clock skew's range and says so (record_store.cpp).
    if (const auto* offset = f.find("provider_offset_ms")) {
        std::int64_t value = 0;
        f.read("provider_offset_ms", value);
        if (offset->is_number()) r.provider_offset_ms = value;
    }
    if (!f.problem.empty()) return f.problem;

    if (const auto* p = object.if_contains("pending"); p != nullptr && !p->is_null()) {
        if (!p->is_object()) return std::string("stored record field 'pending' is not an object");
        field_reader pf{p->get_object(), "stored record pending authorization", {}};
        pending_authorization pending;
        pf.read("state", pending.state);
        pf.read("code_verifier", pending.code_verifier);
        pf.read("redirect_uri", pending.redirect_uri);
        pf.read_time("created_ms", pending.created_ms);
        if (!pf.problem.empty()) return pf.problem;
        r.pending = std::move(pending);
    }
    if (const auto* w = object.if_contains("webhooks"); w != nullptr && !w->is_null()) {
        if (!w->is_object()) return std::string("stored record field 'webhooks' is not an object");
        for (const auto& [key, entry] : w->get_object()) {
            const std::string id_text(key);
            std::int64_t id = 0;
            const bool numeric = !id_text.empty() && id_text.size() <= 18 &&
                                 id_text.find_first_not_of("0123456789") == std::string::npos;
            if (numeric) id = std::stoll(id_text);
            if (id <= 0)
                return "stored record field 'webhooks' has the key '" + id_text + "', which is not a webhook id";
            if (!entry.is_object()) return "stored record webhook " + id_text + " is not an object";
            field_reader wf{entry.get_object(), "stored record webhook " + id_text, {}};
            webhook_secret hook;
            wf.read("secret", hook.secret);
            wf.read_time("captured_at_ms", hook.captured_at_ms);
            if (!wf.problem.empty()) return wf.problem;
            if (hook.secret.empty()) return "stored record webhook " + id_text + " has no secret";
            r.webhooks[id] = std::move(hook);
        }
    }
    if (r.state == connection_state::authorized && r.access_token.empty())
        return std::string("stored record is 'authorized' but holds no access_token");
    return r;
}

std::string serialize_token_record(const token_record& r) {
    json::object o;
    o["schema"] = token_record::schema_version;
    o["state"] = std::string(to_string(r.state));
    if (r.api_token) o["api_token"] = true;
    if (!r.client_credentials_method.empty()) o["client_credentials_method"] = r.client_credentials_method;
    if (!r.access_token.empty()) o["access_token"] = r.access_token;
    if (!r.refresh_token.empty()) o["refresh_token"] = r.refresh_token;
    if (r.issued_at_ms != 0) o["issued_at_ms"] = r.issued_at_ms;
    if (r.declared_lifetime_s != 0) o["declared_lifetime_s"] = r.declared_lifetime_s;
    if (r.learned_lifetime_ms) o["learned_lifetime_ms"] = *r.learned_lifetime_ms;
    if (r.early_death_age_ms) o["early_death_age_ms"] = *r.early_death_age_ms;
    if (r.lesson_learned_at_ms != 0) o["lesson_learned_at_ms"] = r.lesson_learned_at_ms;
    if (!r.scopes.empty()) {
        json::array scopes;
        for (const auto& s : r.scopes) scopes.emplace_back(s);
        o["scopes"] = std::move(scopes);
    }
    if (!r.user_id.empty()) o["user_id"] = r.user_id;
    if (!r.api_origin.empty()) o["api_origin"] = r.api_origin;
    if (!r.token_origin.empty()) o["token_origin"] = r.token_origin;
    if (!r.reconnect_reason.empty()) o["reconnect_reason"] = r.reconnect_reason;
    if (!r.reconnect_detail.empty()) o["reconnect_detail"] = r.reconnect_detail;
    if (r.reconnect_since_ms != 0) o["reconnect_since_ms"] = r.reconnect_since_ms;
    if (r.refresh_failures != 0) o["refresh_failures"] = r.refresh_failures;
    if (r.refresh_blocked_until_ms != 0) o["refresh_blocked_until_ms"] = r.refresh_blocked_until_ms;
    if (r.last_refresh_lost_in_transit) o["last_refresh_lost_in_transit"] = true;
    if (r.provider_offset_ms) o["provider_offset_ms"] = *r.provider_offset_ms;
    if (r.pending) {
        json::object p;
        p["state"] = r.pending->state;
        if (!r.pending->code_verifier.empty()) p["code_verifier"] = r.pending->code_verifier;
        if (!r.pending->redirect_uri.empty()) p["redirect_uri"] = r.pending->redirect_uri;
        p["created_ms"] = r.pending->created_ms;
        o["pending"] = std::move(p);
    }
    if (!r.webhooks.empty()) {
        json::object hooks;
        for (const auto& [id, hook] : r.webhooks) {
            json::object h;
            h["secret"] = hook.secret;
            if (hook.captured_at_ms != 0) h["captured_at_ms"] = hook.captured_at_ms;
            hooks[std::to_string(id)] = std::move(h);
        }
        o["webhooks"] = std::move(hooks);
    }
    return json::serialize(o);
}

}  // namespace tether::record
