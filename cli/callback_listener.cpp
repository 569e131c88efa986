// A loopback HTTP listener for the OAuth redirect: plain sockets, one poll loop over the listening socket and
// the connections it accepted, bounded by one deadline for the whole wait.
#include "cli/callback_listener.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace tether_cli {

namespace {

constexpr std::size_t max_connections = 16;      // beyond this, the oldest connection is dropped
constexpr std::size_t max_request_line = 16384;  // a longer first line is not a redirect

struct fd_guard {
    int fd;
    explicit fd_guard(int f) : fd(f) {}
    fd_guard(fd_guard&& other) noexcept : fd(std::exchange(other.fd, -1)) {}
    fd_guard& operator=(fd_guard&& other) noexcept {
        std::swap(fd, other.fd);
        return *this;
    }
    ~fd_guard() {
        if (fd >= 0) ::close(fd);
    }
};

struct connection {
    fd_guard socket;
    std::string received;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int high = i + 2 < text.size() && text[i] == '%' ? hex_value(text[i + 1]) : -1;
        const int low = high >= 0 ? hex_value(text[i + 2]) : -1;
        if (low >= 0) {
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else {
            out += text[i] == '+' ? ' ' : text[i];
        }
    }
    return out;
}

// The value of a query parameter, decoded; nullopt when the query has no such parameter.
std::optional<std::string> query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        const auto eq = pair.find('=');
        if (percent_decoded(pair.substr(0, eq)) != name) continue;
        return eq == std::string_view::npos ? std::string() : percent_decoded(pair.substr(eq + 1));
    }
    return std::nullopt;
}

// "GET /callback?code=…&state=… HTTP/1.1": the redirect path with a state and a code or an error.
bool is_authorization_redirect(std::string_view request_line, std::string_view redirect_path) {
    if (request_line.rfind("GET ", 0) != 0) return false;
    const std::string_view target = request_line.substr(4, request_line.find(' ', 4) - 4);
    const auto question = target.find('?');
    if (question == std::string_view::npos || target.substr(0, question) != redirect_path) return false;
    const std::string_view query = target.substr(question + 1);
    const auto present = [&](std::string_view name) { return !query_value(query, name).value_or("").empty(); };
    return present("state") && (present("code") || present("error"));
}

void answer(int fd, const char* status, const std::string& page) {
    const std::string reply =
        std::string("HTTP/1.1 ") + status +
        "\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: " + std::to_string(page.size()) +
        "\r\n\r\n" + page;
    (void)::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL);
}

// What reading from one connection came to: still waiting for its request line, finished with (closed, or
// answered 404), or the redirect (its request target).
struct read_result {
    bool finished = false;
    std::optional<std::string> redirect_target;
};

read_result read_request(connection& c, std::string_view redirect_path) {
    char buffer[2048];
    const ssize_t n = ::recv(c.socket.fd, buffer, sizeof buffer, 0);
    if (n <= 0) return {true, std::nullopt};
    c.received.append(buffer, static_cast<std::size_t>(n));
    const auto line_end = c.received.find("\r\n");
    if (line_end == std::string::npos) return {c.received.size() > max_request_line, std::nullopt};
    const std::string_view line(c.received.data(), line_end);
    if (is_authorization_redirect(line, redirect_path)) {
        answer(c.socket.fd, "200 OK", "tether received the authorization; you can close this window.\n");
        return {true, std::string(line.substr(4, line.find(' ', 4) - 4))};
    }
    answer(c.socket.fd, "404 Not Found",
           "tether is waiting for the authorization redirect on " + std::string(redirect_path) + "; this is not it.\n");
    return {true, std::nullopt};
}

int milliseconds_until(std::chrono::steady_clock::time_point deadline) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::clamp<long long>(left.count(), 0, 60'000));
}

}  // namespace

std::optional<std::string> redirect_path_of(std::string_view authorize_url) {
    const auto question = authorize_url.find('?');
    if (question == std::string_view::npos) return std::nullopt;
    const auto uri = query_value(authorize_url.substr(question + 1), "redirect_uri");
    if (!uri) return std::nullopt;
    const auto scheme = uri->find("://");
    const auto slash = uri->find('/', scheme == std::string::npos ? 0 : scheme + 3);
    if (slash == std::string::npos) return "/";
    return uri->substr(slash, uri->find_first_of("?#", slash) - slash);
}

std::optional<std::string> wait_for_callback(const callback_wait& wait, std::string& error, bool& timed_out) {
    timed_out = false;
    fd_guard listener{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
    if (listener.fd < 0) {
        error = std::string("socket: ") + std::strerror(errno);
        return std::nullopt;
    }
    const int yes = 1;
    ::setsockopt(listener.fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(wait.port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(listener.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener.fd, 16) != 0) {
        error = "cannot listen on 127.0.0.1:" + std::to_string(wait.port) + ": " + std::strerror(errno);
        return std::nullopt;
    }
    if (wait.listening) wait.listening();

    std::vector<connection> open;
    while (std::chrono::steady_clock::now() < wait.deadline) {
        std::vector<pollfd> watched{{listener.fd, POLLIN, 0}};
        for (const auto& c : open) watched.push_back({c.socket.fd, POLLIN, 0});
        if (::poll(watched.data(), watched.size(), milliseconds_until(wait.deadline)) <= 0) continue;

        // Requests first: `open` changes below, and watched[i + 1] belongs to open[i] only until then.
        std::vector<bool> done(open.size(), false);
        for (std::size_t i = 0; i < open.size(); ++i) {
            if (watched[i + 1].revents == 0) continue;
            auto result = read_request(open[i], wait.redirect_path);
            if (result.redirect_target)
                return "http://127.0.0.1:" + std::to_string(wait.port) + *result.redirect_target;
            done[i] = result.finished;
        }
        std::size_t kept = 0;
        for (std::size_t i = 0; i < open.size(); ++i)
            if (!done[i]) open[kept++] = std::move(open[i]);
        open.erase(open.begin() + static_cast<std::ptrdiff_t>(kept), open.end());

        if (watched[0].revents != 0) {
            fd_guard accepted{::accept4(listener.fd, nullptr, nullptr, SOCK_CLOEXEC)};
            if (accepted.fd >= 0) {
                if (open.size() == max_connections) open.erase(open.begin());
                open.push_back({std::move(accepted), {}});
            }
        }
    }
    timed_out = true;
    error = "no authorization redirect reached 127.0.0.1:" + std::to_string(wait.port) + wait.redirect_path +
            " before the deadline";
    return std::nullopt;
}

}  // namespace tether_cli
