// `tether authorize --listen PORT`: waits on 127.0.0.1:PORT for the browser's redirect back from the
// provider and returns the full callback URL it asked for.
#pragma once

#include <optional>
#include <string>

namespace tether_cli {

// Binds 127.0.0.1:port, accepts connections until one carries a request line with a query (the redirect),
// answers it with a short page, and returns "http://127.0.0.1:PORT<target>". nullopt with `error` set when
// binding fails or nothing arrives within `timeout_s`.
std::optional<std::string> wait_for_callback(int port, int timeout_s, std::string& error);

}  // namespace tether_cli
