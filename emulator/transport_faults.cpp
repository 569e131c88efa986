// Connection resets and truncated bodies. cpp-httplib gives a handler no access to its socket, so the
// reset finds it from the request's two port numbers: the kernel's TCP table gives the socket's inode, and
// /proc/self/fd names the descriptor with that inode. Only link names are read there: a descriptor of
// another thread (the in-process test client's, the listener's) is never touched, as it may be closed at any
// moment. The socket is then swapped for /dev/null: closing it with a zero linger sends RST, and httplib's
// later writes and close land harmlessly on /dev/null.
#include "transport_faults.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>

namespace tether::emulator::detail {

namespace {
// "0100007F:1F90" (hex address:port, as /proc/net/tcp writes them) -> 8080.
int port_of(const std::string& address) {
    const auto colon = address.rfind(':');
    if (colon == std::string::npos) return -1;
    try {
        return std::stoi(address.substr(colon + 1), nullptr, 16);
    } catch (const std::exception&) {
        return -1;
    }
}

// The inode of the TCP socket with these local and remote ports, from the kernel's socket tables.
std::optional<std::string> socket_inode(int local_port, int remote_port) {
    for (const char* table : {"/proc/self/net/tcp", "/proc/self/net/tcp6"}) {
        std::ifstream rows(table);
        std::string row;
        std::getline(rows, row);  // the column names
        while (std::getline(rows, row)) {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            std::istringstream fields(row);
            std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
            if (!(fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >>
                  inode))
                continue;
            // Inode 0: a TIME_WAIT leftover of an earlier connection between the same ports, no socket any more.
            if (port_of(local) == local_port && port_of(remote) == remote_port && inode != "0") return inode;
        }
    }
    return std::nullopt;
}

// The descriptor whose link reads "socket:[inode]", or -1.
int descriptor_of(const std::string& inode) {
    const std::filesystem::path target = "socket:[" + inode + "]";
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
        std::error_code link_ec;
        if (std::filesystem::read_symlink(entry.path(), link_ec) != target || link_ec) continue;
        try {
            return std::stoi(entry.path().filename().string());
        } catch (const std::exception&) {
            return -1;
        }
    }
    return -1;
}
}  // namespace

bool reset_connection(const httplib::Request& request) {
    // One reset at a time: the descriptor found by its number must still be that socket when dup2 replaces it,
    // and another worker's scan of /proc/self/fd (its directory descriptor included) must not interleave with
    // the swap. Resets are rare test faults; serialising them costs nothing.
    static std::mutex one_reset_at_a_time;
    std::lock_guard lock(one_reset_at_a_time);
    const auto inode = socket_inode(request.local_port, request.remote_port);
    if (!inode) return false;
    const int fd = descriptor_of(*inode);
    if (fd < 0) return false;

    const linger abort_on_close{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    const int sink = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (sink < 0) return false;
    const bool swapped = dup2(sink, fd) == fd;  // closes the socket: RST goes out now
    close(sink);
    return swapped;
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
