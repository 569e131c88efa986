// What loading a manifest costs: tether_manifest_validate of the file without settings (read, parse, check,
// build the model), tether_connector_open + close with a host (what a host pays once per connector), and, as
// the baseline, yaml-cpp's YAML::LoadFile of the same file alone. The three are interleaved, each repeated
// --iterations times; prints one JSON line with the median and the minimum of each, in milliseconds.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "options.hpp"
#include "tether/stores/memory_store.hpp"
#include "tether/tether.hpp"

namespace {

double elapsed_ms(const std::function<bool()>& step, bool& ok) {
    const auto start = std::chrono::steady_clock::now();
    ok = step() && ok;
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double minimum(const std::vector<double>& v) { return v.empty() ? 0 : *std::min_element(v.begin(), v.end()); }

}  // namespace

int main(int argc, char** argv) {
    const bench::options opts(argc, argv, {{"manifest", ""}, {"iterations", "200"}});
    const std::string path = opts.text("manifest");
    const long iterations = opts.number("iterations");

    tether::sdk::memory_store store;
    tether::sdk::host_services services;
    services.use_storage(store);
    services.log = [](int, std::string_view, std::string_view, std::string_view) {};

    auto validate = [&] {
        tether_result* result = nullptr;
        const bool ok = tether_manifest_validate(path.c_str(), nullptr, nullptr, &result) == TETHER_OK;
        if (!ok) std::cerr << "manifest_load: " << tether_result_message(result) << "\n";
        tether_result_free(result);
        return ok;
    };
    auto open_close = [&] {
        auto connector = tether::sdk::connector::open_file(path, services);
        return static_cast<bool>(connector);
    };
    auto yaml_only = [&] {
        const YAML::Node root = YAML::LoadFile(path);
        return root.IsMap();
    };

    bool ok = true;
    for (int i = 0; i < 5; ++i) {  // warm-up: the file in the page cache, the allocator's arenas grown
        ok = validate() && open_close() && yaml_only() && ok;
    }
    std::vector<double> validate_ms, open_ms, yaml_ms;
    for (long i = 0; i < iterations && ok; ++i) {
        validate_ms.push_back(elapsed_ms(validate, ok));
        open_ms.push_back(elapsed_ms(open_close, ok));
        yaml_ms.push_back(elapsed_ms(yaml_only, ok));
    }
    if (!ok) return 1;
    std::printf("{\"bench\":\"manifest_load\",\"iterations\":%ld,\"validate_ms\":%.4f,\"validate_min_ms\":%.4f,"
                "\"connector_open_ms\":%.4f,\"connector_open_min_ms\":%.4f,\"yaml_cpp_ms\":%.4f,"
                "\"yaml_cpp_min_ms\":%.4f}\n",
                iterations, median(validate_ms), minimum(validate_ms), median(open_ms), minimum(open_ms),
                median(yaml_ms), minimum(yaml_ms));
    return 0;
}
