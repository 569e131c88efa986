// tether-cli-postgresql.so: the PostgreSQL store of sdk_shim behind the module entry point of postgresql_module.hpp.
#include "cli/postgresql_module.hpp"

#include <cstdio>
#include <string_view>

#include "tether/stores/postgresql_store.hpp"

extern "C" __attribute__((visibility("default"))) void tether_cli_open_postgresql(
    const std::string& uri, bool log_errors, tether_cli::postgresql_opening& out) {
    // No exception may leave a dlsym'ed function whose caller cannot know its type: report it as the problem.
    try {
        tether::sdk::postgresql_store::options options;
        if (log_errors)
            options.on_error = [](std::string_view message) {
                std::fprintf(stderr, "tether error: %.*s\n", static_cast<int>(message.size()), message.data());
            };
        auto opened = tether::sdk::postgresql_store::open(uri, options);
        if (auto* problem = std::get_if<std::string>(&opened)) {
            out.problem = *problem;
            return;
        }
        out.store = std::move(std::get<std::unique_ptr<tether::sdk::postgresql_store>>(opened));
    } catch (const std::exception& e) {
        out.problem = std::string("the PostgreSQL store failed to open: ") + e.what();
    }
}

namespace {
// The entry point's type, checked against the header's at compile time.
[[maybe_unused]] constexpr tether_cli::open_postgresql_function checked_entry = &tether_cli_open_postgresql;
}  // namespace
