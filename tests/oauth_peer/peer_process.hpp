// The oidc-provider server of tests/oauth_peer/server.mjs as a child process: started on a loopback port
// chosen by the system, stopped by closing its stdin (then waited for).
#pragma once

#include <sys/types.h>

#include <string>

namespace tether_test {

class peer_process {
public:
    // Starts `node server.mjs` in `dir`; port() is 0 (and why() says why) when it could not start.
    peer_process(const std::string& node, const std::string& dir);
    ~peer_process();
    peer_process(const peer_process&) = delete;
    peer_process& operator=(const peer_process&) = delete;

    int port() const noexcept { return port_; }
    const std::string& why() const noexcept { return why_; }

private:
    pid_t pid_ = -1;
    int stdin_fd_ = -1;
    int port_ = 0;
    std::string why_;
};

}  // namespace tether_test
