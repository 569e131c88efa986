// Command-line options of the bench programs: "--name value" pairs, each with a default; anything else is a
// usage error naming the option.
#ifndef TETHER_BENCH_OPTIONS_HPP
#define TETHER_BENCH_OPTIONS_HPP

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>

namespace bench {

class options {
public:
    // `defaults` lists every accepted option with its default value ("" for required ones).
    options(int argc, char** argv, std::map<std::string, std::string> defaults) : values_(std::move(defaults)) {
        program_ = argc > 0 ? argv[0] : "bench";
        for (int i = 1; i < argc; i += 2) {
            const std::string name = argv[i];
            if (name.rfind("--", 0) != 0 || !values_.count(name.substr(2)) || i + 1 >= argc)
                fail("unknown option or missing value: '" + name + "'");
            values_[name.substr(2)] = argv[i + 1];
        }
        for (const auto& [name, value] : values_)
            if (value.empty()) fail("--" + name + " is required");
    }

    const std::string& text(const std::string& name) const { return values_.at(name); }

    long number(const std::string& name) const {
        char* end = nullptr;
        const long n = std::strtol(text(name).c_str(), &end, 10);
        if (end == nullptr || *end != '\0' || n <= 0) fail("--" + name + " needs a positive whole number");
        return n;
    }

private:
    [[noreturn]] void fail(const std::string& why) const {
        std::fprintf(stderr, "%s: %s; options:", program_.c_str(), why.c_str());
        for (const auto& [name, value] : values_) std::fprintf(stderr, " --%s", name.c_str());
        std::fprintf(stderr, "\n");
        std::exit(2);
    }

    std::string program_;
    std::map<std::string, std::string> values_;
};

}  // namespace bench

#endif
