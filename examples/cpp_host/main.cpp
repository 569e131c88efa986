// cpp_host — a C++17 platform using tether through tether.hpp with the SQLite store: authorizes a Smartsheet
// connection (against tether-emulator), then shows what a platform does with each status tether returns.
// Usage: cpp_host <path/to/smartsheet.yaml> <store.db> <emulator port>
#include <curl/curl.h>

#include <iostream>
#include <memory>
#include <string>
#include <tether/stores/sqlite_store.hpp>
#include <tether/tether.hpp>
#include <variant>

#include "authorize_flow.hpp"

namespace sdk = tether::sdk;

namespace {

// One place that turns a status into the platform's next move. There is no `default:`: the compiler checks
// every status is handled, and statuses a newer library adds arrive as `internal` (sdk::to_status).
void handle(const std::string& what, const sdk::result& r) {
    std::cout << what << ": " << sdk::to_string(r.code());
    if (r.http_status() != 0) std::cout << " (HTTP " << r.http_status() << ")";
    std::cout << " -> ";
    switch (r.code()) {
        case sdk::status::ok:
            std::cout << "use the body (" << r.body().size() << " bytes)";
            break;
        case sdk::status::reconnect_required:
            // The grant is gone (revoked, expired, …): stop the workflow and ask a human to authorize again.
            std::cout << "ask the user to reconnect (reason " << r.reason() << ")";
            break;
        case sdk::status::transient:
            // Outage, rate limit, network: tether already retried within its budget; schedule a later retry.
            std::cout << "retry in " << r.retry_after_ms().value_or(60000) << " ms";
            break;
        case sdk::status::forbidden:
            // The token is fine but this resource is not shared with the user: report it, do not retry.
            std::cout << "report to the user: " << r.message() << " (error " << r.provider_code() << ", ref "
                      << r.ref_id() << ")";
            break;
        case sdk::status::bad_request:
            // Our parameters or body are wrong: fix the input; sending it again unchanged fails again.
            std::cout << "fix the request: " << r.message();
            break;
        case sdk::status::not_found:
            // The resource does not exist (deleted, wrong id): drop or remap the reference.
            std::cout << "drop or remap the reference: " << r.message() << " (error " << r.provider_code() << ")";
            break;
        case sdk::status::config_error:
            // Manifest, settings or app credentials are wrong: alert the integration's administrator.
            std::cout << "alert an administrator: " << r.message();
            break;
        case sdk::status::storage_error:
            // Our own store failed: tether kept what it must not lose in memory; fix the storage, then retry.
            std::cout << "check the platform's storage: " << r.message();
            break;
        case sdk::status::conflict:    // only storage callbacks return it; a verb never does
        case sdk::status::host_error:  // we misused the API or a callback of ours failed: our bug
        case sdk::status::internal:    // a bug or an unimplemented feature in tether: log it, report it
            std::cout << "log and report a bug: " << r.reason() << ": " << r.message();
            break;
    }
    std::cout << "\n";
}

// Prints the outcome and says whether it is the one this example expects.
bool expect(const std::string& what, const sdk::result& r, sdk::status wanted) {
    handle(what, r);
    if (r.code() == wanted) return true;
    std::cerr << what << ": expected " << sdk::to_string(wanted) << ", got " << sdk::to_string(r.code()) << "\n";
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: " << argv[0] << " <smartsheet.yaml> <store.db> <emulator port>\n";
        return 2;
    }
    const std::string manifest = argv[1], db_path = argv[2], port = argv[3];

    // The store must outlive the connector: tether calls it until the connector closes.
    auto opened = sdk::sqlite_store::open(db_path);
    if (auto* message = std::get_if<std::string>(&opened)) {
        std::cerr << *message << "\n";
        return 1;
    }
    auto store = std::get<std::unique_ptr<sdk::sqlite_store>>(std::move(opened));

    sdk::host_services services;
    services.use_storage(*store);  // records with compare-and-swap, plus the cross-process refresh lease
    services.log = [](int level, std::string_view message, std::string_view, std::string_view operation) {
        std::cerr << "[tether " << level << "] " << operation << (operation.empty() ? "" : " ") << message << "\n";
    };
    services.log_level = TETHER_LOG_WARN;

    curl_global_init(CURL_GLOBAL_DEFAULT);
    bool ok = false;
    {  // scope: connection and connector close before curl's global cleanup
        auto connector = sdk::connector::open_file(manifest, services);
        if (!connector) {
            handle("connector", connector.error());
            return 1;
        }
        // The secret is a setting like any other; a platform reads it from its secret store.
        const std::string base = "http://127.0.0.1:" + port;
        std::string settings = R"({"client_id":"tether-test-client","client_secret":"tether-test-secret",)";
        settings += R"("redirect_uri":"http://127.0.0.1/callback","scopes":["READ_SHEETS"],)";
        settings += R"("base_url":")" + base + R"(/2.0","authorize_url":")" + base + R"(/b/authorize"})";
        auto connection = connector->connect("cpp-host-demo", settings);
        if (!connection) {
            handle("connection", connection.error());
            return 1;
        }

        std::string error;
        const sdk::result authorized = example::authorize(*connection, error);
        if (!error.empty()) std::cerr << "authorize: " << error << "\n";
        if (error.empty() && expect("authorize", authorized, sdk::status::ok)) {
            // Three calls, three outcomes: a list, a sheet not shared with the user, a sheet that does not exist.
            const bool listed = expect("sheets.list", connection->call("sheets.list"), sdk::status::ok);
            const bool unshared = expect("sheets.get 2004", connection->call("sheets.get", R"({"sheetId":2004})"),
                                         sdk::status::forbidden);
            const bool missing = expect("sheets.get 999999", connection->call("sheets.get", R"({"sheetId":999999})"),
                                        sdk::status::not_found);
            ok = listed && unshared && missing;
        }
    }
    curl_global_cleanup();
    std::cout << "cpp_host: " << (ok ? "ok" : "FAILED") << "\n";
    return ok ? 0 : 1;
}
