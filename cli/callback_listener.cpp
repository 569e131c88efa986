// A one-shot loopback HTTP listener for the OAuth redirect. Plain sockets: it reads one request line.
#include "cli/callback_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

namespace tether_cli {

namespace {

struct fd_guard {
    int fd;
    ~fd_guard() {
        if (fd >= 0) ::close(fd);
    }
};

}  // namespace

std::optional<std::string> wait_for_callback(int port, int timeout_s, std::string& error) {
    fd_guard listener{::socket(AF_INET, SOCK_STREAM, 0)};
    if (listener.fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return std::nullopt;
    }
    const int yes = 1;
    ::setsockopt(listener.fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener.fd, 4) != 0) {
        error = "cannot listen on 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
        return std::nullopt;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{listener.fd, POLLIN, 0};
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (::poll(&p, 1, static_cast<int>(std::max<long long>(left.count(), 1))) <= 0) continue;
        fd_guard client{::accept(listener.fd, nullptr, nullptr)};
        if (client.fd < 0) continue;
        std::string request;
        char buffer[2048];
        while (request.find("\r\n") == std::string::npos && request.size() < 16384) {
            pollfd c{client.fd, POLLIN, 0};
            if (::poll(&c, 1, 5000) <= 0) break;
            const ssize_t n = ::recv(client.fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            request.append(buffer, static_cast<std::size_t>(n));
        }
        // "GET /callback?code=…&state=… HTTP/1.1"
        const auto first_space = request.find(' ');
        const auto second_space = request.find(' ', first_space + 1);
        if (first_space == std::string::npos || second_space == std::string::npos) continue;
        const std::string target = request.substr(first_space + 1, second_space - first_space - 1);
        const bool is_redirect = target.find('?') != std::string::npos;
        const std::string page = is_redirect ? "tether received the authorization; you can close this window.\n"
                                             : "tether is waiting for the authorization redirect.\n";
        const std::string reply = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n"
                                  "Content-Length: " + std::to_string(page.size()) + "\r\n\r\n" + page;
        (void)::send(client.fd, reply.data(), reply.size(), MSG_NOSIGNAL);
        if (is_redirect) return "http://127.0.0.1:" + std::to_string(port) + target;
    }
    error = "no redirect arrived on 127.0.0.1:" + std::to_string(port) + " within " + std::to_string(timeout_s) + " s";
    return std::nullopt;
}

}  // namespace tether_cli
