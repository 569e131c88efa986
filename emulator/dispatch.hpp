// Serving one Smartsheet request end to end: route, fault rules, authentication, rate limit, scope,
// handler, log, Date header.
#pragma once

#include <httplib.h>

#include "reply.hpp"
#include "state.hpp"

namespace tether::emulator::detail {

// Serves a request to the emulated Smartsheet (/b/authorize, /2.0/...). Takes the state's mutex itself.
void serve_smartsheet(emulator_state& state, const httplib::Request& request, httplib::Response& response);

// The Date header value now: emulator clock plus the configured skew. Takes the state's mutex.
std::string current_date_header(emulator_state& state);

// Copies a reply into httplib's response.
void write_reply(const reply& answer, httplib::Response& response);

}  // namespace tether::emulator::detail
