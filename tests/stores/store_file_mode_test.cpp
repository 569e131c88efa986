// The SQLite store's files hold tokens: the database and its -wal and -shm files are private to their owner
// (mode 0600) whatever the process's umask, and an existing file that grants more is tightened when opened.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "tether/stores/sqlite_store.hpp"

namespace sdk = tether::sdk;

namespace {

// Sets the process's umask for one test and puts the previous one back.
struct umask_for_test {
    explicit umask_for_test(mode_t mask) : previous(::umask(mask)) {}
    ~umask_for_test() { ::umask(previous); }
    mode_t previous;
};

std::string fresh_path(const std::string& name) {
    const auto dir = std::filesystem::temp_directory_path() / ("tether-mode-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto path = dir / name;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
    return path.string();
}

// The permission bits of a file, or -1 when it does not exist.
int mode_of(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

std::unique_ptr<sdk::sqlite_store> open_store(const std::string& path, sdk::sqlite_store::options opts = {}) {
    auto opened = sdk::sqlite_store::open(path, std::move(opts));
    if (auto* error = std::get_if<std::string>(&opened)) FAIL(*error);
    return std::move(std::get<std::unique_ptr<sdk::sqlite_store>>(opened));
}

}  // namespace

TEST_CASE("a new SQLite store and its -wal and -shm files are mode 0600 under a umask of 022 and of 0") {
    for (const mode_t mask : {mode_t{022}, mode_t{0}}) {
        INFO("umask " << std::oct << mask);
        const umask_for_test with(mask);
        const std::string path = fresh_path("umask-" + std::to_string(mask) + ".db");
        auto store = open_store(path);
        REQUIRE(store->store("conn", 0, R"({"access_token":"written so that the WAL exists"})") == TETHER_OK);
        CHECK(mode_of(path) == 0600);
        CHECK(mode_of(path + "-wal") == 0600);  // while the store is open
        CHECK(mode_of(path + "-shm") == 0600);
    }
}

TEST_CASE("an existing SQLite store file that others may read is made private when it is opened") {
    const std::string path = fresh_path("world-readable.db");
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT, 0600);
    REQUIRE(fd >= 0);
    REQUIRE(::fchmod(fd, 0644) == 0);
    ::close(fd);

    auto store = open_store(path);
    REQUIRE(store->store("conn", 0, R"({"v":1})") == TETHER_OK);
    CHECK(mode_of(path) == 0600);
    CHECK(mode_of(path + "-wal") == 0600);
}

TEST_CASE("a SQLite store shared with a group gets the file mode its host chose, not the umask's") {
    const umask_for_test with(027);
    const std::string path = fresh_path("group.db");
    sdk::sqlite_store::options opts;
    opts.file_mode = 0660;
    auto store = open_store(path, opts);
    REQUIRE(store->store("conn", 0, R"({"v":1})") == TETHER_OK);
    CHECK(mode_of(path) == 0660);
    CHECK(mode_of(path + "-shm") == 0660);
}
