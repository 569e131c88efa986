// `tether authorize --listen PORT`: waits on 127.0.0.1:PORT for the browser's redirect back from the
// provider and returns the full callback URL it asked for.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace tether_cli {

struct callback_wait {
    int port = 0;
    std::string redirect_path;                       // the path of the redirect_uri setting, e.g. "/callback"
    std::chrono::steady_clock::time_point deadline;  // the end of the whole wait, whatever arrives meanwhile
    std::function<void()> listening;                 // called once the port is bound, before the wait
};

// The path of the redirect_uri the authorize URL carries ("/" when it has none), or nullopt when the URL
// carries no redirect_uri.
std::optional<std::string> redirect_path_of(std::string_view authorize_url);

// Binds 127.0.0.1:port and answers every request until one is the authorization redirect: a GET of the redirect
// path whose query has `state` and `code` or `error`. That one gets a short page and its URL is returned,
// "http://127.0.0.1:PORT<target>"; anything else is answered 404 and the wait goes on. Connections are read
// side by side, so an idle or slow one never holds up the redirect. nullopt with `error` set when binding fails
// or the deadline passes (`timed_out` says which).
std::optional<std::string> wait_for_callback(const callback_wait& wait, std::string& error, bool& timed_out);

}  // namespace tether_cli
