// What every program of the command line does around its command: the process settings that keep secrets in
// memory private, the parse, the dispatch, and no exception escaping main. `tether` and its helper programs
// (tether-webhook-serve) share it, so a helper behaves as the command it was started for.
#pragma once

namespace tether_cli {

int run_program(int argc, char** argv);

}  // namespace tether_cli
