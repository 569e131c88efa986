// tether-emulator: the Smartsheet emulator as a standalone process on 127.0.0.1, seeded with demo data.
// Prints the port alone on its first stdout line, then serves until SIGINT or SIGTERM.
#include <pthread.h>

#include <charconv>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include "demo_data.hpp"
#include "emulator/smartsheet_emulator.hpp"

namespace {
constexpr const char* usage =
    "usage: tether-emulator [--port N] [--client-id ID] [--client-secret SECRET] [--redirect-uri URI]\n"
    "                       [--client-credentials-user ID] [--verbose]\n"
    "  --port 0 (the default) picks a free port; the port is printed alone on the first line of stdout.\n"
    "  --client-credentials-user ID also grants client_credentials, with tokens of that user (not Smartsheet).\n"
    "  --verbose prints one line per request on stderr (tokens as their last 6 characters).\n"
    "  Control API: see emulator/README.md.\n";

[[noreturn]] void fail_usage(const std::string& problem) {
    std::cerr << "tether-emulator: " << problem << "\n" << usage;
    std::exit(2);
}
}  // namespace

int main(int argc, char** argv) {
    // Block the stop signals before any thread starts, so that every thread inherits the mask and only
    // sigwait() below ever receives them.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a client hanging up must not kill the emulator

    tether::emulator::emulator_options options;
    bool verbose = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) fail_usage(arg + " needs a value");
            return argv[++i];
        };
        if (arg == "--port") {
            const std::string text = value();
            int port = -1;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
            if (ec != std::errc{} || end != text.data() + text.size() || port < 0 || port > 65535)
                fail_usage("--port needs a whole number from 0 to 65535, got '" + text + "'");
            options.port = port;
        } else if (arg == "--client-id")
            options.client_id = value();
        else if (arg == "--client-secret")
            options.client_secret = value();
        else if (arg == "--redirect-uri")
            options.redirect_uri = value();
        else if (arg == "--client-credentials-user") {
            const std::string text = value();
            long long user = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), user);
            if (ec != std::errc{} || end != text.data() + text.size() || user <= 0)
                fail_usage("--client-credentials-user needs a positive whole number (a user id), got '" + text + "'");
            options.client_credentials_user = user;
        } else if (arg == "--verbose")
            verbose = true;
        else if (arg == "--help" || arg == "-h") {
            std::cout << usage;
            return 0;
        } else
            fail_usage("unknown argument " + arg);
    }
    if (verbose)
        options.on_request = [](const tether::emulator::request_log_entry& entry) {
            std::cerr << entry.method << ' ' << entry.path << " -> " << entry.status
                      << (entry.grant_type.empty() ? "" : " grant=" + entry.grant_type)
                      << (entry.bearer_suffix.empty() ? "" : " bearer=..." + entry.bearer_suffix)
                      << (entry.fault.empty() ? "" : " fault=" + entry.fault) << '\n';
        };

    try {
        tether::emulator::smartsheet_emulator emulator(options);
        tether::emulator::demo::seed(emulator);
        std::cout << emulator.port() << std::endl;  // flushed: a parent process waits for this line
        std::cerr << "tether-emulator: API " << emulator.api_base() << ", authorize " << emulator.authorize_url()
                  << ", client_id " << options.client_id << ", redirect_uri " << options.redirect_uri << '\n';
        int received = 0;
        sigwait(&stop_signals, &received);
    } catch (const std::exception& e) {
        std::cerr << "tether-emulator: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
