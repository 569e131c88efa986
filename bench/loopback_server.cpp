// The bench's HTTP/1.1 server on 127.0.0.1, in a process of its own so that a client's getrusage counts only
// the client. A thread per connection, keep-alive, fixed answers with a Date header formatted once a second:
// it must never be what limits the clients. Answers GET /2.0/sheets/{id} and GET /2.0/users/me (404
// otherwise). Prints its port on stdout, then serves until stdin closes or SIGTERM.
// Each distinct request head (the request line and headers, the bearer token shown by its last 6 characters)
// is printed once on stderr, the first time a connection sends it: scripts/bench compares the baseline's with
// tether's.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>

#include "smartsheet_bodies.hpp"

namespace {

// The Date header of the current second ("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n"), rebuilt when it changes.
const std::string& date_line() {
    thread_local std::time_t formatted_second = -1;
    thread_local std::string line;
    const std::time_t now = std::time(nullptr);
    if (now != formatted_second) {
        std::tm parts{};
        gmtime_r(&now, &parts);
        char text[64];
        std::strftime(text, sizeof text, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &parts);
        line = text;
        formatted_second = now;
    }
    return line;
}

std::string masked_head(std::string_view head) {
    std::string out(head);
    const std::string bearer = "Bearer ";
    const auto at = out.find(bearer);
    if (at != std::string::npos) {
        const auto start = at + bearer.size();
        const auto end = out.find("\r\n", start);
        if (end != std::string::npos && end - start > 6) out.replace(start, end - start - 6, "...");
    }
    return out;
}

void report_head_once(std::string_view head) {
    static std::mutex mutex;
    static std::set<std::string> seen;
    std::string masked = masked_head(head);
    std::lock_guard lock(mutex);
    if (!seen.insert(masked).second) return;
    for (std::size_t at = 0; (at = masked.find('\r', at)) != std::string::npos;) masked.erase(at, 1);
    std::fprintf(stderr, "request head:\n%s\n", masked.c_str());
    std::fflush(stderr);
}

bool header_has(std::string_view head, std::string_view line) {
    // Case-insensitive search for a whole header line such as "connection: close".
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    for (std::size_t i = 0; i + line.size() <= head.size(); ++i) {
        std::size_t k = 0;
        while (k < line.size() && lower(head[i + k]) == line[k]) ++k;
        if (k == line.size()) return true;
    }
    return false;
}

std::size_t content_length(std::string_view head) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    constexpr std::string_view name = "\r\ncontent-length:";
    for (std::size_t i = 0; i + name.size() <= head.size(); ++i) {
        std::size_t k = 0;
        while (k < name.size() && lower(head[i + k]) == name[k]) ++k;
        if (k == name.size()) return std::strtoul(std::string(head.substr(i + k, 20)).c_str(), nullptr, 10);
    }
    return 0;
}

void append_answer(std::string& out, std::string_view head) {
    const auto line_end = head.find("\r\n");
    const std::string_view request_line = head.substr(0, line_end);
    const auto path_start = request_line.find(' ') + 1;
    const std::string_view target = request_line.substr(path_start, request_line.rfind(' ') - path_start);
    const std::string_view path = target.substr(0, target.find('?'));
    const bool get = request_line.rfind("GET ", 0) == 0;
    std::string_view status = "404 Not Found";
    std::string_view body = bench::not_found_body;
    if (get && path == "/2.0/users/me") {
        status = "200 OK";
        body = bench::user_body;
    } else if (get && path.rfind("/2.0/sheets/", 0) == 0 && path.size() > 12 &&
               path.find_first_not_of("0123456789", 12) == std::string_view::npos) {
        status = "200 OK";
        body = bench::sheet_body;
    }
    out.append("HTTP/1.1 ").append(status).append("\r\n");
    out.append(date_line());
    out.append("Content-Type: application/json;charset=UTF-8\r\nContent-Length: ");
    out.append(std::to_string(body.size())).append("\r\nConnection: keep-alive\r\n\r\n").append(body);
}

bool send_all(int fd, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

void serve(int fd) {
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    std::string in;
    std::string out;
    char buffer[16384];
    bool first = true;
    for (;;) {
        const auto head_end = in.find("\r\n\r\n");
        if (head_end == std::string::npos) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            in.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        const std::string_view head(in.data(), head_end + 2);
        const std::size_t request_size = head_end + 4 + content_length(head);
        if (in.size() < request_size) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) break;
            in.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (first) report_head_once(head);
        first = false;
        out.clear();
        append_answer(out, head);
        const bool close_after = header_has(head, "\r\nconnection: close");
        in.erase(0, request_size);
        if (!send_all(fd, out) || close_after) break;
    }
    ::close(fd);
}

}  // namespace

int main() {
    signal(SIGPIPE, SIG_IGN);
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener, reinterpret_cast<sockaddr*>(&address), length) != 0 || ::listen(listener, 1024) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        std::perror("bench_server: cannot listen on 127.0.0.1");
        return 1;
    }
    std::printf("%u\n", ntohs(address.sin_port));
    std::fflush(stdout);
    // Closing stdin (the parent ends or closes the pipe) stops the server; SIGTERM does by default.
    std::thread([] {
        char c;
        while (::read(STDIN_FILENO, &c, 1) > 0) {
        }
        std::_Exit(0);
    }).detach();
    for (;;) {
        const int fd = ::accept(listener, nullptr, nullptr);
        if (fd < 0) continue;
        std::thread(serve, fd).detach();
    }
}
