// Parses the `tether` command line: global options first, then a command and its arguments.
#include "cli/arguments.hpp"

namespace tether_cli {

std::optional<arguments> parse_arguments(const std::vector<std::string>& argv, std::string& error) {
    arguments args;
    std::size_t i = 0;
    auto value_of = [&](const std::string& option) -> std::optional<std::string> {
        if (i + 1 >= argv.size()) {
            error = option + " needs a value";
            return std::nullopt;
        }
        return argv[++i];
    };
    for (; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.empty() || a[0] != '-') break;
        std::optional<std::string> v;
        if (a == "--manifest") {
            if (!(v = value_of(a))) return std::nullopt;
            args.manifest = *v;
        } else if (a == "--store") {
            if (!(v = value_of(a))) return std::nullopt;
            args.store = *v;
        } else if (a == "--connection") {
            if (!(v = value_of(a))) return std::nullopt;
            args.connection = *v;
        } else if (a == "--log-level") {
            if (!(v = value_of(a))) return std::nullopt;
            args.log_level = *v;
        } else if (a == "--set") {
            if (!(v = value_of(a))) return std::nullopt;
            const auto eq = v->find('=');
            if (eq == std::string::npos || eq == 0) {
                error = "--set expects KEY=VALUE, got '" + *v + "'";
                return std::nullopt;
            }
            args.settings.emplace_back(v->substr(0, eq), v->substr(eq + 1));
        } else if (a == "--help" || a == "-h") {
            args.command = "help";
            return args;
        } else {
            error = "unknown option '" + a + "'";
            return std::nullopt;
        }
    }
    if (i >= argv.size()) {
        error = "no command given";
        return std::nullopt;
    }
    args.command = argv[i++];
    args.rest.assign(argv.begin() + static_cast<std::ptrdiff_t>(i), argv.end());
    return args;
}

}  // namespace tether_cli
