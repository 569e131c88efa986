// Connection resets and truncated bodies. cpp-httplib gives a handler no access to its socket, so the
// reset finds the socket by its two port numbers and swaps it for /dev/null: closing the real socket with a
// zero linger sends RST, and httplib's later writes and close land harmlessly on /dev/null.
#include "transport_faults.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

namespace tether::emulator::detail {

namespace {
int port_of(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
    if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
    return -1;
}

bool is_connection(int fd, int local_port, int remote_port) {
    struct stat info {};
    if (fstat(fd, &info) != 0 || !S_ISSOCK(info.st_mode)) return false;
    sockaddr_storage local{}, remote{};
    socklen_t local_size = sizeof local, remote_size = sizeof remote;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) return false;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&remote), &remote_size) != 0) return false;
    return port_of(local) == local_port && port_of(remote) == remote_port;
}
}  // namespace

bool reset_connection(const httplib::Request& request) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        int fd = -1;
        try {
            fd = std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
            continue;
        }
        if (!is_connection(fd, request.local_port, request.remote_port)) continue;

        const linger abort_on_close{1, 0};
        setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
        const int sink = open("/dev/null", O_RDWR | O_CLOEXEC);
        if (sink < 0) return false;
        const bool swapped = dup2(sink, fd) == fd;  // closes the socket: RST goes out now
        close(sink);
        return swapped;
    }
    return false;
}

void send_truncated(const reply& answer, httplib::Response& response) {
    response.status = answer.status;
    for (const auto& [name, value] : answer.headers) response.set_header(name, value);
    auto body = std::make_shared<std::string>(answer.body);
    response.set_content_provider(body->size(), answer.content_type,
                                  [body](std::size_t, std::size_t, httplib::DataSink& sink) {
                                      sink.write(body->data(), body->size() / 2);
                                      return false;  // abort: httplib closes the connection mid-body
                                  });
}

}  // namespace tether::emulator::detail
