// Reads the `errors` section: where an error body keeps its fields, how to back off, and the ordered rules
// that turn a failed response into an action. Also defines the rules used when a manifest gives none.
#include <array>

#include "plugin/manifest/json_pointer.hpp"
#include "plugin/manifest/sections.hpp"

namespace tether::manifest::detail {
namespace {

std::vector<error_rule> default_rules() {
    auto rule = [](rule_match match, error_action action, std::string reason, bool retry_non_idempotent = false) {
        error_rule r;
        r.match = std::move(match);
        r.action = action;
        r.reason = std::move(reason);
        r.retry_non_idempotent = retry_non_idempotent;
        r.description = "built-in default rule";
        return r;
    };
    using ek = endpoint_kind;
    return {
        rule({ek::token, {}, {}, {"invalid_grant"}}, error_action::reconnect, "invalid_grant"),
        rule({ek::token, {}, {}, {"invalid_client", "unauthorized_client"}}, error_action::config_error,
             "invalid_client"),
        rule({ek::api, {{401, 401}}, {}, {}}, error_action::refresh_then_retry, "unauthorized"),
        rule({{}, {{403, 403}}, {}, {}}, error_action::forbidden, "forbidden"),
        rule({{}, {{404, 404}}, {}, {}}, error_action::not_found, "not_found"),
        rule({{}, {{429, 429}}, {}, {}}, error_action::backoff, "rate_limited", true),
        rule({{}, {{408, 408}, {500, 599}}, {}, {}}, error_action::backoff, "unavailable"),
        rule({{}, {{400, 499}}, {}, {}}, error_action::bad_request, "bad_request"),
    };
}

bool is_reason(std::string_view text) {
    if (text.empty() || text.size() > 64) return false;
    for (char c : text)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

// One status criterion: 401, "5xx" or "500-504".
std::optional<status_range> read_status(reporter& r, const yaml_node& node, const YAML::Mark& at,
                                        std::string_view subject) {
    auto bad = [&] {
        r.error(mark_of(node, at), fmt::format("{} must be an HTTP status (100-599), a class like 5xx or a range like "
                                               "500-504; got {}",
                                               subject, describe(node)));
        return std::nullopt;
    };
    if (!node.IsScalar()) return bad();
    if (is_plain_integer(node)) {
        auto status = read_integer(r, node, at, subject, 100, 599);
        if (!status) return std::nullopt;
        return status_range{static_cast<int>(*status), static_cast<int>(*status)};
    }
    const std::string& text = node.Scalar();
    auto digits = [](std::string_view s) {
        if (s.size() != 3) return -1;
        for (char c : s)
            if (c < '0' || c > '9') return -1;
        return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
    };
    if (text.size() == 3 && text[0] >= '1' && text[0] <= '5' && (text.substr(1) == "xx" || text.substr(1) == "XX")) {
        int first = (text[0] - '0') * 100;
        return status_range{first, first + 99};
    }
    if (std::size_t dash = text.find('-'); dash != std::string::npos) {
        int first = digits(std::string_view(text).substr(0, dash));
        int last = digits(std::string_view(text).substr(dash + 1));
        if (first >= 100 && last <= 599 && first <= last) return status_range{first, last};
    }
    return bad();
}

// A criterion written as one value or a list of values.
template <class T, class ReadOne>
std::vector<T> read_one_or_list(const field& f, ReadOne read_one) {
    std::vector<T> out;
    if (f.value.IsSequence()) {
        for (std::size_t i = 0; i < f.value.size(); ++i)
            if (auto item = read_one(f.value[i])) out.push_back(std::move(*item));
    } else if (auto item = read_one(f.value)) {
        out.push_back(std::move(*item));
    }
    return out;
}

void read_match(reading& ctx, mapping& m, error_rule& rule) {
    auto match = m.nested("match", fmt::format("'match' of {}", m.what()),
                          {"endpoint", "status", "provider_code", "oauth_error"}, mapping::required);
    if (!match || !match->valid()) return;
    reporter& r = ctx.report;
    rule.match.endpoint = match->choice("endpoint", endpoint_kinds());
    if (const field* f = match->find("status")) {
        std::string subject = match->subject("status");
        rule.match.statuses = read_one_or_list<status_range>(
            *f, [&](const yaml_node& n) { return read_status(r, n, f->key_mark(), subject); });
    }
    if (const field* f = match->find("provider_code")) {
        std::string subject = match->subject("provider_code");
        rule.match.provider_codes =
            read_one_or_list<std::string>(*f, [&](const yaml_node& n) -> std::optional<std::string> {
                if (n.IsScalar() && !n.Scalar().empty()) return n.Scalar();
                r.error(mark_of(n, f->key_mark()),
                        fmt::format("{} must be a code (integer or string) or a list of codes, got {}", subject,
                                    describe(n)));
                return std::nullopt;
            });
    }
    if (const field* f = match->find("oauth_error")) {
        std::string subject = match->subject("oauth_error");
        rule.match.oauth_errors = read_one_or_list<std::string>(
            *f, [&](const yaml_node& n) { return read_string(r, n, f->key_mark(), subject); });
    }
}

void read_rules(reading& ctx, const field& f) {
    reporter& r = ctx.report;
    if (!f.value.IsSequence() || f.value.size() == 0) {
        r.error(f.value_mark(), fmt::format("'rules' in 'errors' must be a non-empty list of rules, got {}",
                                            f.value.IsSequence() ? "an empty list" : describe(f.value)));
        return;
    }
    std::vector<error_rule>& rules = ctx.model.errors.rules;
    std::vector<YAML::Mark> marks;
    for (std::size_t i = 0; i < f.value.size(); ++i) {
        const yaml_node item = f.value[i];
        const YAML::Mark at = mark_of(item, f.key_mark());
        auto m = mapping::section(r, item, at, fmt::format("rule #{} in 'errors.rules'", i + 1),
                                  {"match", "action", "reason", "retry_non_idempotent", "description"});
        if (!m.valid()) continue;
        error_rule rule;
        rule.source_line = at.line + 1;
        read_match(ctx, m, rule);
        auto action = m.choice("action", error_actions(), mapping::required);
        if (action) rule.action = *action;
        if (auto reason = m.string("reason")) {
            if (is_reason(*reason))
                rule.reason = *reason;
            else
                r.error(m.find("reason")->value_mark(),
                        fmt::format("{} must be lowercase letters, digits and '_' (e.g. invalid_grant), got '{}'",
                                    m.subject("reason"), *reason));
        } else if (action == error_action::reconnect && !m.has("reason")) {
            r.error(m.find("action")->value_mark(),
                    fmt::format("{} has action reconnect but no 'reason' (say why the user "
                                "must reconnect, e.g. invalid_grant, revoked)",
                                m.what()));
        }
        if (auto retry = m.boolean("retry_non_idempotent")) {
            rule.retry_non_idempotent = *retry;
            if (action && *action != error_action::backoff)
                r.error(m.find("retry_non_idempotent")->key_mark(),
                        fmt::format("'retry_non_idempotent' in {} applies only to action backoff (action is {})",
                                    m.what(), to_string(*action)));
        }
        if (auto description = m.string("description")) rule.description = *description;
        if (action == error_action::refresh_then_retry && rule.match.endpoint != endpoint_kind::api && m.has("match"))
            r.error(m.find("action")->value_mark(),
                    fmt::format("{}: refresh_then_retry cannot apply to the token endpoint; add 'endpoint: api' to its "
                                "match",
                                m.what()));
        // A rule after one that matches everything (on its endpoint) can never be chosen.
        for (std::size_t k = 0; k < rules.size(); ++k) {
            const rule_match& earlier = rules[k].match;
            bool catch_all = earlier.statuses.empty() && earlier.provider_codes.empty() && earlier.oauth_errors.empty();
            if (catch_all && (!earlier.endpoint || earlier.endpoint == rule.match.endpoint)) {
                r.error(
                    at,
                    fmt::format(
                        "{} can never match: rule at line {} matches every response{}", m.what(), rules[k].source_line,
                        earlier.endpoint ? fmt::format(" from the {} endpoint", to_string(*earlier.endpoint)) : ""));
                break;
            }
        }
        rules.push_back(std::move(rule));
    }
}

}  // namespace

void read_errors(mapping& root, reading& ctx) {
    error_spec& errors = ctx.model.errors;
    auto m = root.nested("errors", "'errors'", {"body", "backoff", "rules"});
    if (!m || !m->valid() || !m->has("rules")) errors.rules = default_rules();
    if (!m || !m->valid()) return;

    if (auto body =
            m->nested("body", "'errors.body'", {"provider_code", "message", "ref_id", "oauth_error", "detail"})) {
        error_body_shape& shape = errors.body;
        const std::array<std::pair<std::string_view, std::string*>, 5> pointers{
            {{"provider_code", &shape.provider_code},
             {"message", &shape.message},
             {"ref_id", &shape.ref_id},
             {"oauth_error", &shape.oauth_error},
             {"detail", &shape.detail}}};
        for (auto [key, into] : pointers) {
            auto pointer = body->string(key);
            if (!pointer) continue;
            if (auto problem = json_pointer_problem(*pointer))
                ctx.report.error(body->find(key)->value_mark(), fmt::format("{} {}", body->subject(key), *problem));
            else
                *into = *pointer;
        }
    }
    if (auto backoff = m->nested("backoff", "'errors.backoff'",
                                 {"max_retries", "base_delay_ms", "max_delay_ms", "retry_after_header"})) {
        backoff_policy& policy = errors.backoff;
        if (auto retries = backoff->integer("max_retries", 0, 10)) policy.max_retries = static_cast<int>(*retries);
        if (auto base = backoff->integer("base_delay_ms", 1, 600000)) policy.base_delay_ms = *base;
        if (auto cap = backoff->integer("max_delay_ms", 1, 3600000)) policy.max_delay_ms = *cap;
        if (policy.max_delay_ms < policy.base_delay_ms)
            ctx.report.error(backoff->has("max_delay_ms") ? backoff->find("max_delay_ms")->value_mark() : backoff->at(),
                             fmt::format("'errors.backoff': max_delay_ms ({}) is below base_delay_ms ({})",
                                         policy.max_delay_ms, policy.base_delay_ms));
        if (auto header = backoff->string("retry_after_header")) policy.retry_after_header = *header;
    }
    if (const field* rules = m->find("rules")) read_rules(ctx, *rules);
}

}  // namespace tether::manifest::detail
