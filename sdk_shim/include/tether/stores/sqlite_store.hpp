// tether/stores/sqlite_store.hpp — the embedded default storage: one SQLite file shared by any number of
// threads and processes. Header-only; link SQLite (CMake: SQLite::SQLite3, pkg-config: sqlite3).
//
// Records: one row per connection with a version column; the compare-and-swap is a single
// `UPDATE … WHERE version = ?` (or an insert that fails on an existing row), so two writers can never both
// win. Leases: one row per lease name with an owner and an expiry (wall-clock ms), taken by one upsert that
// only succeeds when the lease is free, expired or already ours. WAL journal and a busy timeout let many
// processes use one file.
//
// The file holds the connections' tokens, so it is private to its owner: `open` creates it with mode 0600
// (`file_mode`) whatever the umask, before SQLite opens it, and SQLite gives its -wal, -shm and -journal files
// the mode of the database file. An existing file (or side file) that grants more than `file_mode` is tightened
// to it; when that fails (the file belongs to another user) `open` refuses the file rather than use it.
// POSIX only.
#ifndef TETHER_STORES_SQLITE_STORE_HPP
#define TETHER_STORES_SQLITE_STORE_HPP

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "tether/tether.hpp"

namespace tether::sdk {

struct sqlite_store_options {
    int busy_timeout_ms = 10000;           // how long a writer waits for another process's lock
    std::function<std::int64_t()> now_ms;  // lease clock; default: the system clock
    // The most the database file and its side files may grant: owner read and write. A host that shares the
    // file with a group of service accounts may widen it (0660); the umask never does.
    mode_t file_mode = 0600;
};

class sqlite_store final : public storage {
public:
    using options = sqlite_store_options;

    // Opens (creating if needed) the database at `path`. Returns the store, or a message saying what failed.
    static std::variant<std::unique_ptr<sqlite_store>, std::string> open(const std::string& path,
                                                                          options opts = options{}) {
        if (std::string problem = make_private(path, opts.file_mode); !problem.empty())
            return "cannot open SQLite store '" + path + "': " + problem;
        sqlite3* db = nullptr;
        const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
        if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
            std::string message = "cannot open SQLite store '" + path + "': " +
                                  (db != nullptr ? sqlite3_errmsg(db) : "out of memory");
            sqlite3_close(db);
            return message;
        }
        std::unique_ptr<sqlite_store> store(new sqlite_store(db, std::move(opts)));
        std::string error = store->prepare_schema();
        if (!error.empty()) return "cannot initialize SQLite store '" + path + "': " + error;
        return store;
    }

    ~sqlite_store() override {
        sqlite3_finalize(select_);
        sqlite3_finalize(insert_);
        sqlite3_finalize(update_);
        sqlite3_finalize(lease_take_);
        sqlite3_finalize(lease_drop_);
        sqlite3_close(db_);
    }

    sqlite_store(const sqlite_store&) = delete;
    sqlite_store& operator=(const sqlite_store&) = delete;

    tether_status load(const std::string& connection_id, std::string& data, std::uint64_t& version) override {
        std::lock_guard<std::mutex> lock(mutex_);
        statement s(select_);
        bind_text(select_, 1, connection_id);
        const int rc = sqlite3_step(select_);
        if (rc == SQLITE_DONE) return TETHER_OK;
        if (rc != SQLITE_ROW) return TETHER_STORAGE_ERROR;
        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(select_, 0));
        data.assign(bytes != nullptr ? bytes : "", static_cast<std::size_t>(sqlite3_column_bytes(select_, 0)));
        version = static_cast<std::uint64_t>(sqlite3_column_int64(select_, 1));
        return TETHER_OK;
    }

    tether_status store(const std::string& connection_id, std::uint64_t expected_version,
                        std::string_view data) override {
        std::lock_guard<std::mutex> lock(mutex_);
        sqlite3_stmt* stmt = expected_version == 0 ? insert_ : update_;
        statement s(stmt);
        sqlite3_bind_blob64(stmt, 1, data.data(), data.size(), SQLITE_TRANSIENT);
        sqlite3_bind_int64(stmt, 2, now());
        bind_text(stmt, 3, connection_id);
        if (expected_version != 0) sqlite3_bind_int64(stmt, 4, static_cast<sqlite3_int64>(expected_version));
        if (sqlite3_step(stmt) != SQLITE_DONE) return TETHER_STORAGE_ERROR;
        return sqlite3_changes(db_) == 1 ? TETHER_OK : TETHER_CONFLICT;
    }

    bool supports_lease() const override { return true; }

    tether_status lease_acquire(const std::string& name, const std::string& owner, std::int64_t ttl_ms) override {
        std::lock_guard<std::mutex> lock(mutex_);
        statement s(lease_take_);
        const std::int64_t t = now();
        bind_text(lease_take_, 1, name);
        bind_text(lease_take_, 2, owner);
        sqlite3_bind_int64(lease_take_, 3, t + ttl_ms);
        sqlite3_bind_int64(lease_take_, 4, t);
        if (sqlite3_step(lease_take_) != SQLITE_DONE) return TETHER_STORAGE_ERROR;
        return sqlite3_changes(db_) == 1 ? TETHER_OK : TETHER_CONFLICT;
    }

    tether_status lease_release(const std::string& name, const std::string& owner) override {
        std::lock_guard<std::mutex> lock(mutex_);
        statement s(lease_drop_);
        bind_text(lease_drop_, 1, name);
        bind_text(lease_drop_, 2, owner);
        return sqlite3_step(lease_drop_) == SQLITE_DONE ? TETHER_OK : TETHER_STORAGE_ERROR;
    }

private:
    // Resets and clears a cached statement when it goes out of scope, so it is ready for the next use.
    struct statement {
        explicit statement(sqlite3_stmt* s) : stmt(s) {}
        ~statement() {
            sqlite3_reset(stmt);
            sqlite3_clear_bindings(stmt);
        }
        sqlite3_stmt* stmt;
    };

    sqlite_store(sqlite3* db, options opts) : db_(db), options_(std::move(opts)) {}

    // Creates the database file with exactly `mode` (fchmod: the umask cannot widen or narrow it), or tightens
    // an existing one and its side files to it. Returns what failed, or "".
    static std::string make_private(const std::string& path, mode_t mode) {
        if (path.empty() || path == ":memory:") return {};  // no file
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0) {
            const bool exact = ::fchmod(fd, mode) == 0;
            const int error = errno;
            ::close(fd);
            return exact ? std::string() : "cannot set its mode: " + std::string(std::strerror(error));
        }
        if (errno != EEXIST) return std::strerror(errno);
        for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
            const std::string file = path + suffix;
            struct stat st {};
            if (::stat(file.c_str(), &st) != 0) {
                if (*suffix == '\0') return std::strerror(errno);  // e.g. a dangling symbolic link
                continue;
            }
            if ((st.st_mode & 07777 & ~mode) == 0) continue;
            if (::chmod(file.c_str(), st.st_mode & 07777 & mode) != 0)
                return "'" + file + "' grants more than mode " + octal(mode) + " (it has " + octal(st.st_mode & 07777) +
                       ") and cannot be tightened: " + std::strerror(errno);
        }
        return {};
    }

    static std::string octal(mode_t mode) {
        char text[8];
        std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode));
        return text;
    }

    static void bind_text(sqlite3_stmt* stmt, int index, const std::string& text) {
        sqlite3_bind_text64(stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    }

    std::int64_t now() const {
        if (options_.now_ms) return options_.now_ms();
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }

    std::string prepare_schema() {
        sqlite3_busy_timeout(db_, options_.busy_timeout_ms);
        // No checkpoint when the last connection closes: a short-lived process (the CLI) would otherwise pay
        // two syncs and a WAL rebuild on every exit. The WAL is checkpointed as it grows, by whichever
        // process writes; what it holds is as durable as after a checkpoint.
        sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        const char* schema =
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "CREATE TABLE IF NOT EXISTS tether_records ("
            "  connection_id TEXT PRIMARY KEY, version INTEGER NOT NULL, data BLOB NOT NULL,"
            "  updated_ms INTEGER NOT NULL);"
            "CREATE TABLE IF NOT EXISTS tether_leases ("
            "  name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_ms INTEGER NOT NULL);";
        char* error = nullptr;
        if (sqlite3_exec(db_, schema, nullptr, nullptr, &error) != SQLITE_OK) {
            std::string message = error != nullptr ? error : "unknown error";
            sqlite3_free(error);
            return message;
        }
        const std::pair<sqlite3_stmt**, const char*> statements[] = {
            {&select_, "SELECT data, version FROM tether_records WHERE connection_id = ?1"},
            {&insert_,
             "INSERT INTO tether_records(data, updated_ms, connection_id, version) VALUES(?1, ?2, ?3, 1) "
             "ON CONFLICT(connection_id) DO NOTHING"},
            {&update_,
             "UPDATE tether_records SET data = ?1, updated_ms = ?2, version = version + 1 "
             "WHERE connection_id = ?3 AND version = ?4"},
            {&lease_take_,
             "INSERT INTO tether_leases(name, owner, expires_ms) VALUES(?1, ?2, ?3) "
             "ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_ms = excluded.expires_ms "
             "WHERE tether_leases.expires_ms <= ?4 OR tether_leases.owner = excluded.owner"},
            {&lease_drop_, "DELETE FROM tether_leases WHERE name = ?1 AND owner = ?2"},
        };
        for (const auto& [target, sql] : statements)
            if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, target, nullptr) != SQLITE_OK)
                return sqlite3_errmsg(db_);
        return {};
    }

    sqlite3* db_ = nullptr;
    options options_;
    std::mutex mutex_;
    sqlite3_stmt* select_ = nullptr;
    sqlite3_stmt* insert_ = nullptr;
    sqlite3_stmt* update_ = nullptr;
    sqlite3_stmt* lease_take_ = nullptr;
    sqlite3_stmt* lease_drop_ = nullptr;
};

}  // namespace tether::sdk

#endif  // TETHER_STORES_SQLITE_STORE_HPP
