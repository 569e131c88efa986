// The ordered error rules applied to one failed response (first match wins).
#include "plugin/manifest/error_rules.hpp"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cmath>

#include "plugin/manifest/json_pointer.hpp"

namespace tether::manifest {
namespace {

std::optional<std::string> text_at(const boost::json::value& doc, const std::string& pointer) {
    if (pointer.empty()) return std::nullopt;
    const boost::json::value* v = find_at(doc, pointer);
    if (!v) return std::nullopt;
    if (v->is_string()) return std::string(v->get_string());
    if (v->is_int64()) return std::to_string(v->get_int64());
    if (v->is_uint64()) return std::to_string(v->get_uint64());
    if (v->is_double() && std::isfinite(v->get_double()) && std::trunc(v->get_double()) == v->get_double() &&
        std::fabs(v->get_double()) < 9e15)
        return std::to_string(static_cast<long long>(v->get_double()));
    return std::nullopt;
}

template <class T>
bool any_of_or_empty(const std::vector<T>& wanted, const std::optional<std::string>& actual) {
    if (wanted.empty()) return true;
    return actual && std::find(wanted.begin(), wanted.end(), *actual) != wanted.end();
}

}  // namespace

error_fields read_error_fields(const error_body_shape& shape, std::string_view body) {
    boost::system::error_code ec;
    boost::json::value doc = boost::json::parse(boost::json::string_view(body.data(), body.size()), ec);
    if (ec) return {};
    return error_fields{text_at(doc, shape.provider_code), text_at(doc, shape.message), text_at(doc, shape.ref_id),
                        text_at(doc, shape.oauth_error), text_at(doc, shape.detail)};
}

bool matches(const rule_match& match, const error_facts& facts) {
    if (match.endpoint && *match.endpoint != facts.endpoint) return false;
    if (!match.statuses.empty() &&
        std::none_of(match.statuses.begin(), match.statuses.end(),
                     [&](const status_range& r) { return facts.status >= r.first && facts.status <= r.last; }))
        return false;
    return any_of_or_empty(match.provider_codes, facts.provider_code) &&
           any_of_or_empty(match.oauth_errors, facts.oauth_error);
}

const error_rule* match_error_rule(const error_spec& errors, const error_facts& facts) {
    for (const auto& rule : errors.rules)
        if (matches(rule.match, facts)) return &rule;
    return nullptr;
}

}  // namespace tether::manifest
