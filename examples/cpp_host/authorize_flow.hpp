// authorize_flow.hpp — the OAuth dance for the example: tether builds the authorize URL, we play the user's
// browser on the emulator (libcurl, redirects off) and hand the callback URL back to tether.
#pragma once

#include <string>
#include <tether/tether.hpp>

namespace example {

// begin → GET the authorize URL → complete with the redirect's URL. The returned result is the last verb's
// (or, when the browser step fails, a begin result whose body we could not use: check `error`).
tether::sdk::result authorize(tether::sdk::connection& connection, std::string& error);

// The URL with each query value cut to 4 characters: never print an authorization code in full.
std::string redact_query(const std::string& url);

}  // namespace example
