// The `tether-emulator` binary: started with --port 0, it prints its port, serves the whole OAuth dance
// and the API to plain curl, and exits cleanly on SIGTERM.
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <string>

#include "tests/emulator/curl_client.hpp"

extern char** environ;

using namespace tether::emulator::testing;

namespace {
constexpr const char* client_id = "standalone-client";
constexpr const char* client_secret = "standalone-secret";
constexpr const char* redirect_uri = "http://127.0.0.1:9/callback";

// The child process, killed (SIGKILL) if a failed assertion leaves it running.
struct child_process {
    pid_t pid = -1;
    ~child_process() {
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
    }
};

// Reads the first line the child prints, waiting at most `timeout_ms` for it.
std::string read_first_line(int fd, int timeout_ms) {
    std::string line;
    pollfd readable{fd, POLLIN, 0};
    while (line.find('\n') == std::string::npos && poll(&readable, 1, timeout_ms) == 1) {
        char buffer[64];
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n <= 0) break;
        line.append(buffer, static_cast<std::size_t>(n));
    }
    return line.substr(0, line.find('\n'));
}
}  // namespace

TEST_CASE("tether-emulator --port 0 serves authorize, token and users/me to curl, and stops on SIGTERM") {
    int out[2];
    REQUIRE(pipe(out) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    posix_spawn_file_actions_addclose(&actions, out[1]);
    const char* argv[] = {
        TETHER_EMULATOR_BINARY, "--port",         "0",          "--client-id", client_id, "--client-secret",
        client_secret,          "--redirect-uri", redirect_uri, nullptr};
    child_process child;
    const int spawned =
        posix_spawn(&child.pid, TETHER_EMULATOR_BINARY, &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out[1]);
    REQUIRE(spawned == 0);

    const std::string port = read_first_line(out[0], 10000);
    close(out[0]);
    REQUIRE_FALSE(port.empty());
    REQUIRE(std::stoi(port) > 0);
    const std::string base = "http://127.0.0.1:" + port;

    const http_response consent = get(base + "/b/authorize?" +
                                      form_encode({{"response_type", "code"},
                                                   {"client_id", client_id},
                                                   {"scope", "READ_SHEETS"},
                                                   {"state", "demo"},
                                                   {"redirect_uri", redirect_uri}}));
    REQUIRE(consent.status == 302);
    const std::string code = query_param(consent.header("Location"), "code");
    CHECK(query_param(consent.header("Location"), "state") == "demo");

    const http_response tokens =
        post_form(base + "/2.0/token", form_encode({{"grant_type", "authorization_code"},
                                                    {"client_id", client_id},
                                                    {"code", code},
                                                    {"hash", sha256_hex(std::string(client_secret) + "|" + code)}}));
    REQUIRE(tokens.status == 200);
    const std::string access = std::string(tokens.json().at("access_token").as_string());

    const http_response me = get(base + "/2.0/users/me", access);
    CHECK(me.status == 200);
    CHECK(me.json().at("email").as_string() == "demo@example.com");
    CHECK(get(base + "/2.0/sheets/2004", access).status == 403);  // seeded: owned by another user, not shared

    REQUIRE(kill(child.pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(waitpid(child.pid, &status, 0) == child.pid);
    child.pid = -1;
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
}
