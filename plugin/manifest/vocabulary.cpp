// The closed word lists of the manifest format; the only place a format keyword is spelled.
#include "plugin/manifest/vocabulary.hpp"

#include <array>

namespace tether::manifest::detail {
namespace {

constexpr std::array<word<value_type>, 6> all_types{{
    {"string", value_type::string},
    {"integer", value_type::integer},
    {"boolean", value_type::boolean},
    {"url", value_type::url},
    {"string_list", value_type::string_list},
    {"integer_list", value_type::integer_list},
}};
constexpr std::array<word<value_type>, 5> setting_type_words{{
    {"string", value_type::string},
    {"integer", value_type::integer},
    {"boolean", value_type::boolean},
    {"url", value_type::url},
    {"string_list", value_type::string_list},
}};
constexpr std::array<word<value_type>, 5> param_type_words{{
    {"string", value_type::string},
    {"integer", value_type::integer},
    {"boolean", value_type::boolean},
    {"string_list", value_type::string_list},
    {"integer_list", value_type::integer_list},
}};
constexpr std::array<word<auth_type>, 2> auth_type_words{{
    {"oauth2", auth_type::oauth2},
    {"api_token", auth_type::api_token},
}};
constexpr std::array<word<client_auth_method>, 4> client_auth_words{{
    {"smartsheet_hash", client_auth_method::smartsheet_hash},
    {"client_secret_post", client_auth_method::client_secret_post},
    {"client_secret_basic", client_auth_method::client_secret_basic},
    {"none", client_auth_method::none},
}};
constexpr std::array<word<revoke_style>, 2> revoke_style_words{{
    {"bearer", revoke_style::bearer},
    {"rfc7009", revoke_style::rfc7009},
}};
constexpr std::array<word<method_kind>, 2> method_kind_words{{
    {"api_token", method_kind::api_token},
    {"client_credentials", method_kind::client_credentials},
}};
constexpr std::array<word<revoked_token>, 2> revoked_token_words{{
    {"refresh_token", revoked_token::refresh_token},
    {"access_token", revoked_token::access_token},
}};
constexpr std::array<word<error_action>, 8> action_words{{
    {"refresh_then_retry", error_action::refresh_then_retry},
    {"reconnect", error_action::reconnect},
    {"forbidden", error_action::forbidden},
    {"backoff", error_action::backoff},
    {"bad_request", error_action::bad_request},
    {"not_found", error_action::not_found},
    {"config_error", error_action::config_error},
    {"fail", error_action::fail},
}};
constexpr std::array<word<endpoint_kind>, 2> endpoint_words{{
    {"api", endpoint_kind::api},
    {"token", endpoint_kind::token},
}};
constexpr std::array<word<http_method>, 5> method_words{{
    {"GET", http_method::get},
    {"POST", http_method::post},
    {"PUT", http_method::put},
    {"PATCH", http_method::patch},
    {"DELETE", http_method::del},
}};
constexpr std::array<word<param_location>, 3> location_words{{
    {"path", param_location::path},
    {"query", param_location::query},
    {"header", param_location::header},
}};
constexpr std::array<word<body_mode>, 3> body_words{{
    {"none", body_mode::none},
    {"optional", body_mode::optional},
    {"required", body_mode::required},
}};
constexpr std::array<word<pagination_style>, 3> pagination_words{{
    {"none", pagination_style::none},
    {"offset", pagination_style::offset},
    {"token", pagination_style::token},
}};

template <class E, std::size_t N>
std::string_view text_of(const std::array<word<E>, N>& words, E value) {
    for (const auto& w : words)
        if (w.value == value) return w.text;
    return "?";
}

}  // namespace

std::span<const word<value_type>> setting_types() {
    return setting_type_words;
}
std::span<const word<value_type>> param_types() {
    return param_type_words;
}
std::span<const word<auth_type>> auth_types() {
    return auth_type_words;
}
std::span<const word<client_auth_method>> client_auth_methods() {
    return client_auth_words;
}
std::span<const word<revoke_style>> revoke_styles() {
    return revoke_style_words;
}
std::span<const word<method_kind>> method_kinds() {
    return method_kind_words;
}
std::span<const word<revoked_token>> revoked_tokens() {
    return revoked_token_words;
}
std::span<const word<error_action>> error_actions() {
    return action_words;
}
std::span<const word<endpoint_kind>> endpoint_kinds() {
    return endpoint_words;
}
std::span<const word<http_method>> http_methods() {
    return method_words;
}
std::span<const word<param_location>> param_locations() {
    return location_words;
}
std::span<const word<body_mode>> body_modes() {
    return body_words;
}
std::span<const word<pagination_style>> pagination_styles() {
    return pagination_words;
}

}  // namespace tether::manifest::detail

namespace tether::manifest {

using detail::text_of;

std::string_view to_string(value_type v) {
    return text_of(detail::all_types, v);
}
std::string_view to_string(auth_type v) {
    return text_of(detail::auth_type_words, v);
}
std::string_view to_string(client_auth_method v) {
    return text_of(detail::client_auth_words, v);
}
std::string_view to_string(revoke_style v) {
    return text_of(detail::revoke_style_words, v);
}
std::string_view to_string(method_kind v) {
    return text_of(detail::method_kind_words, v);
}
std::string_view to_string(revoked_token v) {
    return text_of(detail::revoked_token_words, v);
}
std::string_view to_string(error_action v) {
    return text_of(detail::action_words, v);
}
std::string_view to_string(endpoint_kind v) {
    return text_of(detail::endpoint_words, v);
}
std::string_view to_string(http_method v) {
    return text_of(detail::method_words, v);
}
std::string_view to_string(param_location v) {
    return text_of(detail::location_words, v);
}
std::string_view to_string(body_mode v) {
    return text_of(detail::body_words, v);
}
std::string_view to_string(pagination_style v) {
    return text_of(detail::pagination_words, v);
}

}  // namespace tether::manifest
