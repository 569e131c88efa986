// Finds the tests' PostgreSQL server and makes a schema of its own for each test.
#include "tests/support/postgres_test_database.hpp"

#include <libpq-fe.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

namespace tether_test {

std::string postgres_test_conninfo() {
    if (const char* given = std::getenv("TETHER_TEST_POSTGRESQL"); given != nullptr && *given != '\0') return given;
    const std::string state = std::string(TETHER_PG_TEST_STATE_DIR) + "/conninfo";
    std::ifstream file(state);
    std::string conninfo;
    std::getline(file, conninfo);
    if (conninfo.empty())
        FAIL("no PostgreSQL test server: " << state
                                           << " is missing. Run the test through ctest (its postgres_server fixture "
                                              "starts one with scripts/pg-test-server) or set TETHER_TEST_POSTGRESQL");
    return conninfo;
}

std::string run_postgres_sql(const std::string& conninfo, const std::string& sql) {
    std::unique_ptr<PGconn, void (*)(PGconn*)> c(PQconnectdb(conninfo.c_str()), PQfinish);
    if (PQstatus(c.get()) != CONNECTION_OK) return PQerrorMessage(c.get());
    PQsetNoticeProcessor(
        c.get(), [](void*, const char*) {}, nullptr);
    std::unique_ptr<PGresult, void (*)(PGresult*)> r(PQexec(c.get(), sql.c_str()), PQclear);
    const ExecStatusType status = PQresultStatus(r.get());
    return status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK ? std::string() : PQerrorMessage(c.get());
}

std::string fresh_postgres_schema(const std::string& name) {
    const std::string base = postgres_test_conninfo();
    const std::string schema = "tether_test_" + name + "_" + std::to_string(::getpid());
    const std::string error =
        run_postgres_sql(base, "DROP SCHEMA IF EXISTS " + schema + " CASCADE; CREATE SCHEMA " + schema);
    INFO("the PostgreSQL test server: " << error);
    REQUIRE(error.empty());
    const bool uri = base.rfind("postgresql://", 0) == 0 || base.rfind("postgres://", 0) == 0;
    if (uri) return base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
    return base + " options='-csearch_path=" + schema + "'";
}

}  // namespace tether_test
