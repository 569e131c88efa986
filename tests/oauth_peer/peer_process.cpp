// Starting and stopping the oidc-provider child process.
#include "tests/oauth_peer/peer_process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace tether_test {

peer_process::peer_process(const std::string& node, const std::string& dir) {
    int in[2];
    int out[2];
    if (pipe(in) != 0) {
        why_ = "pipe failed";
        return;
    }
    if (pipe(out) != 0) {
        close(in[0]);
        close(in[1]);
        why_ = "pipe failed";
        return;
    }
    pid_ = fork();
    if (pid_ == 0) {
        dup2(in[0], STDIN_FILENO);
        dup2(out[1], STDOUT_FILENO);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        if (chdir(dir.c_str()) == 0) execl(node.c_str(), node.c_str(), "server.mjs", static_cast<char*>(nullptr));
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    stdin_fd_ = in[1];
    if (pid_ < 0) {
        close(out[0]);
        why_ = "fork failed";
        return;
    }
    // The server prints "listening <port>" once it accepts requests; a failed start closes its stdout.
    FILE* lines = fdopen(out[0], "r");
    char line[128];
    while (lines != nullptr && std::fgets(line, sizeof line, lines) != nullptr)
        if (std::sscanf(line, "listening %d", &port_) == 1) break;
    if (lines != nullptr) std::fclose(lines);  // the server writes nothing more to stdout
    if (port_ == 0) why_ = "server.mjs did not start (is `npm ci` done in tests/oauth_peer?)";
}

peer_process::~peer_process() {
    if (stdin_fd_ >= 0) close(stdin_fd_);
    if (pid_ > 0) {
        int status = 0;
        waitpid(pid_, &status, 0);
    }
}

}  // namespace tether_test
