// tether/stores/postgresql_store.hpp — storage shared by worker processes on many machines: one PostgreSQL
// database. Header-only; link libpq (CMake: PostgreSQL::PostgreSQL, pkg-config: libpq).
//
// The same contract as sqlite_store.hpp, on the same two tables: records with a version column, where the
// compare-and-swap is one `UPDATE … WHERE version = $n` (or an insert that does nothing on an existing row), and
// leases with an owner and an expiry, taken by one upsert that only succeeds when the lease is free, expired or
// already ours. Each statement is a single autocommitted statement: no transaction is ever left open.
//
// Lease times come from the database server's clock, not the host's: workers on several machines then agree
// on when a lease expires whatever their clocks say (`options.now_ms` replaces it, for tests).
//
// Threads share a small pool of connections (`options.connections`); a thread waits for a free one. A
// connection the server dropped is reopened, and the statement run once more on the new one: every statement
// is safe to repeat (a store that did commit before the drop then reads as a conflict, and the caller reloads).
//
// The connection string (libpq's key=value form or a postgresql:// URI) may hold a password: no message of
// this store ever shows it (`describe` names the store by user, host, port and database only).
#ifndef TETHER_STORES_POSTGRESQL_STORE_HPP
#define TETHER_STORES_POSTGRESQL_STORE_HPP

#include <libpq-fe.h>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "tether/tether.hpp"

// The clock of leases and updates in SQL: the host's time when given as parameter $n, else the server's.
#define TETHER_POSTGRESQL_CLOCK_SQL(n) \
    "COALESCE($" #n "::bigint, (EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::bigint)"

namespace tether::sdk {

struct postgresql_store_options {
    int connections = 4;                   // the most connections the store opens (threads beyond wait)
    int connect_timeout_s = 10;            // per connection attempt, unless the connection string sets one
    std::function<std::int64_t()> now_ms;  // lease clock; default: the database server's clock
    // Told what failed, when a load, store or lease fails (the status alone says only STORAGE_ERROR). The
    // text names the store and never holds the password. Called on the failing thread; must not throw.
    std::function<void(std::string_view message)> on_error;
};

class postgresql_store final : public storage {
public:
    using options = postgresql_store_options;

    // Connects to the database named by `conninfo` and creates the tables when they are missing. Returns the
    // store, or a message saying what failed (without the password).
    static std::variant<std::unique_ptr<postgresql_store>, std::string> open(const std::string& conninfo,
                                                                             options opts = options{}) {
        const std::string name = describe(conninfo);
        if (name.empty())
            return std::string(
                "cannot open PostgreSQL store: the connection string is not one libpq reads "
                "(postgresql://USER@HOST:PORT/DATABASE or key=value pairs)");
        if (opts.connections < 1) opts.connections = 1;
        std::unique_ptr<postgresql_store> store(new postgresql_store(conninfo, name, std::move(opts)));
        connection first;
        if (std::string problem = store->connect(first); !problem.empty())
            return "cannot open PostgreSQL store " + name + ": " + problem;
        if (std::string problem = create_schema(first.get()); !problem.empty())
            return "cannot initialize PostgreSQL store " + name + ": " + store->without_password(problem);
        store->give_back(std::move(first));
        return store;
    }

    ~postgresql_store() override = default;
    postgresql_store(const postgresql_store&) = delete;
    postgresql_store& operator=(const postgresql_store&) = delete;

    // The store as messages name it: "postgresql://USER@HOST:PORT/DATABASE", without the password.
    const std::string& name() const { return name_; }

    tether_status load(const std::string& connection_id, std::string& data, std::uint64_t& version) override {
        const result r =
            run("load", "SELECT data, version FROM tether_records WHERE connection_id = $1", {text(connection_id)});
        if (!r.ok) return TETHER_STORAGE_ERROR;
        if (PQntuples(r.get()) == 0) return TETHER_OK;
        data.assign(PQgetvalue(r.get(), 0, 0), static_cast<std::size_t>(PQgetlength(r.get(), 0, 0)));
        version = read_int8(PQgetvalue(r.get(), 0, 1));
        return TETHER_OK;
    }

    tether_status store(const std::string& connection_id, std::uint64_t expected_version,
                        std::string_view data) override {
        const std::string expected = std::to_string(expected_version);
        // clang-format off
        const result r = expected_version == 0
            ? run("store",
                  "INSERT INTO tether_records(connection_id, version, data, updated_ms) "
                  "VALUES($1, 1, $2, " TETHER_POSTGRESQL_CLOCK_SQL(3) ") "
                  "ON CONFLICT(connection_id) DO NOTHING",
                  {text(connection_id), bytes(data), clock()})
            : run("store",
                  "UPDATE tether_records "
                  "SET data = $2, updated_ms = " TETHER_POSTGRESQL_CLOCK_SQL(3) ", version = version + 1 "
                  "WHERE connection_id = $1 AND version = $4::bigint",
                  {text(connection_id), bytes(data), clock(), text(expected)});
        // clang-format on
        if (!r.ok) return TETHER_STORAGE_ERROR;
        return rows_changed(r) == 1 ? TETHER_OK : TETHER_CONFLICT;
    }

    bool supports_lease() const override { return true; }

    tether_status lease_acquire(const std::string& name, const std::string& owner, std::int64_t ttl_ms) override {
        const std::string ttl = std::to_string(ttl_ms);
        // clang-format off
        const result r = run("lease_acquire",
            "INSERT INTO tether_leases(name, owner, expires_ms) "
            "VALUES($1, $2, " TETHER_POSTGRESQL_CLOCK_SQL(3) " + $4::bigint) "
            "ON CONFLICT(name) DO UPDATE SET owner = excluded.owner, expires_ms = excluded.expires_ms "
            "WHERE tether_leases.expires_ms <= " TETHER_POSTGRESQL_CLOCK_SQL(3) " "
            "OR tether_leases.owner = excluded.owner",
            {text(name), text(owner), clock(), text(ttl)});
        // clang-format on
        if (!r.ok) return TETHER_STORAGE_ERROR;
        return rows_changed(r) == 1 ? TETHER_OK : TETHER_CONFLICT;
    }

    tether_status lease_release(const std::string& name, const std::string& owner) override {
        const result r =
            run("lease_release", "DELETE FROM tether_leases WHERE name = $1 AND owner = $2", {text(name), text(owner)});
        return r.ok ? TETHER_OK : TETHER_STORAGE_ERROR;
    }

    // "postgresql://USER@HOST:PORT/DATABASE" for a connection string (the parts it sets), never its password;
    // "" when libpq cannot read it.
    static std::string describe(const std::string& conninfo) {
        char* error = nullptr;
        PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
        PQfreemem(error);  // its text may quote the connection string, password included
        if (parsed == nullptr) return {};
        std::string user, host, port, dbname;
        for (const PQconninfoOption* o = parsed; o->keyword != nullptr; ++o) {
            if (o->val == nullptr) continue;
            const std::string_view key = o->keyword;
            if (key == "user") user = o->val;
            if (key == "host" || (key == "hostaddr" && host.empty())) host = o->val;
            if (key == "port") port = o->val;
            if (key == "dbname") dbname = o->val;
        }
        PQconninfoFree(parsed);
        return "postgresql://" + (user.empty() ? "" : user + "@") + host + (port.empty() ? "" : ":" + port) + "/" +
               dbname;
    }

private:
    struct connection_closer {
        void operator()(PGconn* c) const { PQfinish(c); }
    };
    using connection = std::unique_ptr<PGconn, connection_closer>;

    struct result_clearer {
        void operator()(PGresult* r) const { PQclear(r); }
    };
    struct result {
        std::unique_ptr<PGresult, result_clearer> value;
        bool ok = false;
        PGresult* get() const { return value.get(); }
    };

    postgresql_store(std::string conninfo, std::string name, options opts)
        : conninfo_(std::move(conninfo)), name_(std::move(name)), options_(std::move(opts)) {}

    // A statement parameter, sent in binary form: the bytes as they are, typed by `type` (text or bytea).
    struct param {
        std::string value;
        Oid type = 25;  // text
        bool null = false;
    };
    static param text(std::string_view value) { return {std::string(value), 25, false}; }
    static param bytes(std::string_view value) { return {std::string(value), 17, false}; }  // bytea
    // The time in ms for TETHER_POSTGRESQL_CLOCK_SQL: the host's clock when it gave one, else NULL (the server's
    // clock).
    param clock() const {
        if (options_.now_ms) return text(std::to_string(options_.now_ms()));
        return {{}, 25, true};
    }

    // Creates the tables when missing. A role that may only use them (no CREATE on the schema) finds them
    // there first: CREATE TABLE IF NOT EXISTS would be refused even for tables that exist. Several processes may
    // start at once, and IF NOT EXISTS alone can then fail on a duplicate type: the creators queue on a
    // transaction-scoped advisory lock.
    static std::string create_schema(PGconn* c) {
        std::unique_ptr<PGresult, result_clearer> found(
            PQexec(c, "SELECT to_regclass('tether_records') IS NOT NULL AND to_regclass('tether_leases') IS NOT NULL"));
        if (PQresultStatus(found.get()) != PGRES_TUPLES_OK) return trimmed(PQerrorMessage(c));
        if (std::string_view(PQgetvalue(found.get(), 0, 0)) == "t") return {};
        const char* schema =
            "BEGIN;"
            "SELECT pg_advisory_xact_lock(7465746865720001);"
            "CREATE TABLE IF NOT EXISTS tether_records ("
            "  connection_id TEXT PRIMARY KEY, version BIGINT NOT NULL, data BYTEA NOT NULL,"
            "  updated_ms BIGINT NOT NULL);"
            "CREATE TABLE IF NOT EXISTS tether_leases ("
            "  name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires_ms BIGINT NOT NULL);"
            "COMMIT;";
        std::unique_ptr<PGresult, result_clearer> created(PQexec(c, schema));
        if (PQresultStatus(created.get()) == PGRES_COMMAND_OK) return {};
        std::string message = trimmed(PQerrorMessage(c));
        std::unique_ptr<PGresult, result_clearer> rollback(PQexec(c, "ROLLBACK"));
        return message;
    }

    // Opens one connection (libpq reads PGPASSWORD, ~/.pgpass and the other PG* variables as usual).
    std::string connect(connection& out) const {
        const std::string timeout = std::to_string(options_.connect_timeout_s);
        const char* keys[] = {"connect_timeout", "dbname", nullptr};
        const char* values[] = {timeout.c_str(), conninfo_.c_str(), nullptr};
        // expand_dbname: the connection string's own settings win over the default timeout above.
        out.reset(PQconnectdbParams(keys, values, 1));
        if (!out) return "out of memory";
        if (PQstatus(out.get()) != CONNECTION_OK) {
            std::string problem = without_password(trimmed(PQerrorMessage(out.get())));
            out.reset();
            return problem;
        }
        PQsetNoticeProcessor(
            out.get(), [](void*, const char*) {}, nullptr);  // "already exists, skipping"
        return {};
    }

    // Runs one statement on a pooled connection; when the connection turns out to be dropped, once more on a
    // fresh one. Results come in binary form.
    result run(const char* what, const char* sql, const std::vector<param>& params) {
        std::vector<const char*> values;
        std::vector<int> lengths, formats;
        std::vector<Oid> types;
        for (const param& p : params) {
            values.push_back(p.null ? nullptr : p.value.data());
            lengths.push_back(static_cast<int>(p.value.size()));
            formats.push_back(1);
            types.push_back(p.type);
        }
        for (int attempt = 0;; ++attempt) {
            connection c = borrow();
            if (!c) {
                if (std::string problem = connect(c); !problem.empty()) {
                    give_back({});
                    report(what, problem);
                    return {};
                }
            }
            result r{std::unique_ptr<PGresult, result_clearer>(
                         PQexecParams(c.get(), sql, static_cast<int>(values.size()), types.data(), values.data(),
                                      lengths.data(), formats.data(), 1)),
                     false};
            const ExecStatusType status = PQresultStatus(r.get());
            r.ok = status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK;
            const bool dropped = !r.ok && PQstatus(c.get()) == CONNECTION_BAD;
            const std::string problem = r.ok ? std::string() : without_password(trimmed(PQerrorMessage(c.get())));
            give_back(dropped ? connection{} : std::move(c));  // a dropped one frees its place for a new one
            if (r.ok) return r;
            if (!dropped || attempt == 1) {
                report(what, problem);
                return r;
            }
        }
    }

    connection borrow() {
        std::unique_lock<std::mutex> lock(mutex_);
        available_.wait(lock, [this] { return !idle_.empty() || open_ < options_.connections; });
        if (!idle_.empty()) {
            connection c = std::move(idle_.back());
            idle_.pop_back();
            return c;
        }
        ++open_;  // the caller opens it
        return {};
    }

    // Returns a connection to the pool; an empty one (failed to open, or dropped) frees its place.
    void give_back(connection c) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (c)
                idle_.push_back(std::move(c));
            else
                --open_;
        }
        available_.notify_one();
    }

    void report(const char* what, const std::string& problem) const {
        if (options_.on_error) options_.on_error("PostgreSQL store " + name_ + ": " + what + " failed: " + problem);
    }

    // libpq's messages do not quote the password, but a server or proxy might: remove it wherever it appears.
    std::string without_password(std::string text) const {
        const std::string password = password_of(conninfo_);
        if (password.empty()) return text;
        for (std::size_t at = text.find(password); at != std::string::npos; at = text.find(password, at))
            text.replace(at, password.size(), "[password]");
        return text;
    }

    static std::string password_of(const std::string& conninfo) {
        PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), nullptr);
        if (parsed == nullptr) return {};
        std::string password;
        for (const PQconninfoOption* o = parsed; o->keyword != nullptr; ++o)
            if (o->val != nullptr && std::string_view(o->keyword) == "password") password = o->val;
        PQconninfoFree(parsed);
        return password;
    }

    // libpq's message on one line: its line breaks and indents become single spaces.
    static std::string trimmed(const char* text) {
        std::string s;
        for (const char* c = text != nullptr ? text : ""; *c != '\0'; ++c) {
            const bool blank = *c == '\n' || *c == '\t' || *c == ' ';
            if (!blank)
                s += *c;
            else if (!s.empty() && s.back() != ' ')
                s += ' ';
        }
        while (!s.empty() && s.back() == ' ') s.pop_back();
        return s.empty() ? "unknown error" : s;
    }

    static int rows_changed(const result& r) {
        const char* n = PQcmdTuples(r.get());
        return n != nullptr && *n != '\0' ? std::stoi(n) : 0;
    }

    // A BIGINT in binary result format: 8 bytes, most significant first.
    static std::uint64_t read_int8(const char* bytes) {
        std::uint64_t value = 0;
        for (int i = 0; i < 8; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
        return value;
    }

    const std::string conninfo_;
    const std::string name_;
    const options options_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<connection> idle_;
    int open_ = 1;  // the connection `open` made is counted from the start
};

}  // namespace tether::sdk

#undef TETHER_POSTGRESQL_CLOCK_SQL

#endif  // TETHER_STORES_POSTGRESQL_STORE_HPP
