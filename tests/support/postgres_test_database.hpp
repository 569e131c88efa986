// The PostgreSQL server of the tests (scripts/pg-test-server, started by ctest's postgres_server fixture) and a
// fresh schema in it for each test, so that tests running at once never see each other's records.
#pragma once

#include <string>

namespace tether_test {

// The test server's libpq connection string: $TETHER_TEST_POSTGRESQL when set (any reachable server), else
// the one the postgres_server fixture started. Fails the test, saying why, when there is neither: a
// PostgreSQL test never passes without a server.
std::string postgres_test_conninfo();

// Drops and creates the schema `tether_test_<name>_<pid>` and returns a connection string whose search_path
// is that schema: a store opened on it creates its tables there.
std::string fresh_postgres_schema(const std::string& name);

// Runs one SQL statement on `conninfo` (e.g. to drop a test's connections); returns libpq's error, or "".
std::string run_postgres_sql(const std::string& conninfo, const std::string& sql);

}  // namespace tether_test
