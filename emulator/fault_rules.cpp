// Matching requests against injected fault rules (method, exact or prefix path, grant type, skip, times).
#include "fault_rules.hpp"

#include <stdexcept>

namespace tether::emulator {

std::string_view fault_kind_name(fault_kind kind) {
    switch (kind) {
        case fault_kind::error_status:
            return "error_status";
        case fault_kind::delay:
            return "delay";
        case fault_kind::connection_reset:
            return "connection_reset";
        case fault_kind::truncated_body:
            return "truncated_body";
        case fault_kind::non_json_body:
            return "non_json_body";
        case fault_kind::token_missing_field:
            return "token_missing_field";
        case fault_kind::token_without_refresh:
            return "token_without_refresh";
        case fault_kind::mint_then_fail:
            return "mint_then_fail";
        case fault_kind::gzip_bomb:
            return "gzip_bomb";
        case fault_kind::redirect:
            return "redirect";
        case fault_kind::huge_header:
            return "huge_header";
    }
    throw std::logic_error("unknown fault_kind");
}

}  // namespace tether::emulator

namespace tether::emulator::detail {

bool is_token_fault(fault_kind kind) {
    return kind == fault_kind::token_missing_field || kind == fault_kind::token_without_refresh ||
           kind == fault_kind::mint_then_fail;
}

namespace {
bool matches(const fault_rule& rule, const fault_target& request) {
    if (!rule.method.empty() && rule.method != request.method) return false;
    if (!rule.path.empty()) {
        const bool path_ok = rule.path_is_prefix ? request.path.starts_with(rule.path) : request.path == rule.path;
        if (!path_ok) return false;
    }
    return rule.grant_type.empty() || rule.grant_type == request.grant_type;
}
}  // namespace

std::optional<fault_rule> fault_rules::take(const fault_target& request, bool token_family) {
    for (auto it = rules_.begin(); it != rules_.end(); ++it) {
        if (is_token_fault(it->rule.kind) != token_family || !matches(it->rule, request)) continue;
        if (++it->seen <= it->rule.skip) continue;
        fault_rule fired = it->rule;
        if (fired.times != fault_rule::forever && it->seen - it->rule.skip >= fired.times) rules_.erase(it);
        return fired;
    }
    return std::nullopt;
}

}  // namespace tether::emulator::detail
