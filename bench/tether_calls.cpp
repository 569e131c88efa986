// tether as a host drives it: the connector opened from the manifest through the public C ABI (set up with the
// header-only C++ wrapper, calls made with tether_call itself), an in-memory store, a log that drops
// everything, an API token connection pointed at the bench server, and N calls of one operation over T
// threads — on one connection shared by the threads (--mode shared) or one connection each (--mode
// per_thread). Prints one JSON line (call_timing.hpp).
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "call_timing.hpp"
#include "options.hpp"
#include "tether/stores/memory_store.hpp"
#include "tether/tether.hpp"

namespace {

tether::sdk::connection open_connection(tether::sdk::connector& connector, const std::string& id,
                                        const std::string& settings, const std::string& token) {
    auto c = connector.connect(id, settings);
    if (!c) {
        std::cerr << "tether_calls: connect: " << c.error().message() << "\n";
        std::exit(1);
    }
    if (auto r = c->authorize_with_token(token); !r.ok()) {
        std::cerr << "tether_calls: authorize_with_token: " << r.message() << "\n";
        std::exit(1);
    }
    return std::move(*c);
}

bench::worker caller(tether_connection* connection, const std::string& operation, const std::string& params) {
    return [connection, operation, params] {
        tether_call_request request = TETHER_CALL_REQUEST_INIT;
        request.operation = operation.c_str();
        request.params_json = params.c_str();
        tether_result* result = nullptr;
        const tether_status status = tether_call(connection, &request, &result);
        size_t size = 0;
        const bool ok = status == TETHER_OK && tether_result_http_status(result) == 200 &&
                        tether_result_body(result, &size) != nullptr && size > 0;
        tether_result_free(result);
        return ok;
    };
}

}  // namespace

int main(int argc, char** argv) {
    const bench::options opts(argc, argv,
                              {{"manifest", ""},
                               {"base-url", ""},
                               {"token", ""},
                               {"operation", "sheets.get"},
                               {"params", R"({"sheetId":4583173393803140})"},
                               {"mode", "shared"},
                               {"calls", "10000"},
                               {"threads", "1"},
                               {"warmup", "50"}});
    const std::string mode = opts.text("mode");
    if (mode != "shared" && mode != "per_thread") {
        std::cerr << "tether_calls: --mode is shared or per_thread\n";
        return 2;
    }
    const int threads = static_cast<int>(opts.number("threads"));
    const std::string settings = R"({"base_url":")" + opts.text("base-url") + R"("})";

    tether::sdk::memory_store store;
    tether::sdk::host_services services;
    services.use_storage(store);
    services.log_level = TETHER_LOG_ERROR;
    services.log = [](int, std::string_view, std::string_view, std::string_view) {};
    auto connector = tether::sdk::connector::open_file(opts.text("manifest"), services);
    if (!connector) {
        std::cerr << "tether_calls: " << connector.error().message() << "\n";
        return 1;
    }
    // Opened here, before the clock starts; each worker is then made on its own thread.
    std::vector<tether::sdk::connection> connections;
    const int count = mode == "shared" ? 1 : threads;
    for (int i = 0; i < count; ++i)
        connections.push_back(
            open_connection(*connector, "bench-" + std::to_string(i), settings, opts.text("token")));

    const auto figures = bench::run_calls(threads, opts.number("calls"), opts.number("warmup"), [&](int t) {
        const auto& connection = connections[mode == "shared" ? 0 : static_cast<std::size_t>(t)];
        return caller(connection.get(), opts.text("operation"), opts.text("params"));
    });
    bench::print_figures("tether", mode, figures);
    return figures.failures == 0 ? 0 : 1;
}
