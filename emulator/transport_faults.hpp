// Faults below HTTP: resetting the TCP connection, and cutting a response body short.
#pragma once

#include <httplib.h>

#include "reply.hpp"

namespace tether::emulator::detail {

// Resets (RST) the connection this request came on, so the client sees no response at all.
// False if the connection's socket could not be found (the caller then answers normally).
bool reset_connection(const httplib::Request& request);

// Sends the status, headers and the first half of the body, then closes the connection: the client
// sees a Content-Length it never gets.
void send_truncated(const reply& answer, httplib::Response& response);

}  // namespace tether::emulator::detail
