// The `tether` command-line host: a client of the public C ABI only (through sdk_shim's tether.hpp), with
// the SQLite store of sdk_shim as its embedded default storage.
#include "cli/program.hpp"

int main(int argc, char** argv) { return tether_cli::run_program(argc, argv); }
