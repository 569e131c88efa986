// The closed word lists of the manifest format (enum ↔ text), shared by the reader and to_string.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "plugin/manifest/model.hpp"

namespace tether::manifest::detail {

template <class E>
struct word {
    std::string_view text;
    E value;
};

std::span<const word<value_type>> setting_types();
std::span<const word<value_type>> param_types();
std::span<const word<auth_type>> auth_types();
std::span<const word<client_auth_method>> client_auth_methods();
std::span<const word<revoke_style>> revoke_styles();
std::span<const word<method_kind>> method_kinds();
std::span<const word<revoked_token>> revoked_tokens();
std::span<const word<error_action>> error_actions();
std::span<const word<endpoint_kind>> endpoint_kinds();
std::span<const word<http_method>> http_methods();
std::span<const word<param_location>> param_locations();
std::span<const word<body_mode>> body_modes();
std::span<const word<pagination_style>> pagination_styles();

template <class E>
std::optional<E> parse_word(std::span<const word<E>> words, std::string_view text) {
    for (const auto& w : words)
        if (w.text == text) return w.value;
    return std::nullopt;
}

// "a, b, c" — the allowed words, for "expected one of" messages.
template <class E>
std::string list_words(std::span<const word<E>> words) {
    std::string out;
    for (const auto& w : words) {
        if (!out.empty()) out += ", ";
        out += w.text;
    }
    return out;
}

}  // namespace tether::manifest::detail
