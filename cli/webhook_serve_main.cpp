// tether-webhook-serve: the helper program `tether webhook serve` runs in place of itself, with the same
// arguments. It is `tether` with the webhook endpoint's HTTP server linked in.
#include "cli/program.hpp"
#include "cli/webhook_endpoint.hpp"

int main(int argc, char** argv) {
    tether_cli::serve_webhook_endpoint = tether_cli::serve_webhook_endpoint_over_http;
    return tether_cli::run_program(argc, argv);
}
