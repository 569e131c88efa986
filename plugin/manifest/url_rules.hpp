// Which URLs tether will talk to: https anywhere, plain http only to the loopback interface
// (127.0.0.1, localhost, [::1]) so that tests can point a connector at a local emulator.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plugin/manifest/model.hpp"

namespace tether::manifest {

// nullopt when `url` is acceptable; otherwise what is wrong with it, phrased to follow "URL ... ".
// Acceptable: an absolute https:// URL, or http:// to a loopback host; a non-empty host, an optional
// port 1-65535, no user:password@, no #fragment, no whitespace or control characters.
std::optional<std::string> url_problem(std::string_view url);

// 127.0.0.1, localhost or [::1] (case-insensitive for localhost).
bool is_loopback_host(std::string_view host);

// The same rule for a URL template, as far as it can be decided before settings are known: placeholders
// stand for host-safe text. A template that starts with a placeholder ("{base_url}/x") is not checked here;
// resolve_settings checks every expanded URL.
std::optional<std::string> url_template_problem(const string_template& url);

}  // namespace tether::manifest
