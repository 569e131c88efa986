// Applying a manifest's error rules: reading the provider's fields out of an error body, and finding the
// rule (hence the action) for a failed response. Pure functions over the immutable model.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plugin/manifest/model.hpp"

namespace tether::manifest {

// The fields of an error body named by errors.body (nullopt: absent, or the body is not JSON).
// Numbers are rendered as decimal text (errorCode 1002 → "1002").
struct error_fields {
    std::optional<std::string> provider_code;
    std::optional<std::string> message;
    std::optional<std::string> ref_id;
    std::optional<std::string> oauth_error;
    std::optional<std::string> detail;
};

// Never throws (a body that is not JSON yields no fields, except on std::bad_alloc).
error_fields read_error_fields(const error_body_shape& shape, std::string_view body);

// What a rule is matched against.
struct error_facts {
    endpoint_kind endpoint = endpoint_kind::api;
    int status = 0;
    std::optional<std::string> provider_code;
    std::optional<std::string> oauth_error;
};

// Whether every criterion of `match` holds for `facts` (a criterion about a field the response lacks fails).
bool matches(const rule_match& match, const error_facts& facts);

// The first rule of `errors.rules` that matches, or nullptr (classify_response then decides by HTTP status).
const error_rule* match_error_rule(const error_spec& errors, const error_facts& facts);

}  // namespace tether::manifest
