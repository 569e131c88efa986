// What loading a manifest costs: tether_manifest_validate of the file's text without settings (parse, check,
// build the model), tether_connector_open + close with a host (what a host pays once per connector), and, as
// the baseline, yaml-cpp's YAML::LoadFile of the same file alone. tether keeps the last few models it loaded
// and does not parse the same text again, so each timed load gets a text of its own (the file and a comment
// line naming the run): every figure is a first load. validate_again_ms is the load of a text seen before.
// bundled_ms is tether_manifest_validate of the unchanged file, which tether may hold pre-parsed (a bundled
// manifest): a first load too, since the path cycles through more copies of the file than tether keeps models.
// The steps are interleaved, each repeated --iterations times; prints one JSON line with the median and the
// minimum of each, in milliseconds.
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
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

    std::string file_text;
    {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (f == nullptr) {
            std::cerr << "manifest_load: cannot read " << path << "\n";
            return 1;
        }
        char chunk[4096];
        for (std::size_t n; (n = std::fread(chunk, 1, sizeof chunk, f)) > 0;) file_text.append(chunk, n);
        std::fclose(f);
    }
    long run = 0;
    std::string text;
    auto next_text = [&] { text = file_text + "\n# run " + std::to_string(++run) + "\n"; };

    auto validate = [&] {
        tether_result* result = nullptr;
        const bool ok = tether_manifest_validate(nullptr, text.c_str(), nullptr, &result) == TETHER_OK;
        if (!ok) std::cerr << "manifest_load: " << tether_result_message(result) << "\n";
        tether_result_free(result);
        return ok;
    };
    auto open_close = [&] {
        auto connector = tether::sdk::connector::open_text(text, services);
        return static_cast<bool>(connector);
    };
    // Copies of the file under other names, more than the models tether keeps (4).
    const auto copies_dir = std::filesystem::temp_directory_path() / ("tether-manifest-load-" + std::to_string(getpid()));
    std::filesystem::create_directories(copies_dir);
    std::vector<std::string> copies;
    for (int i = 0; i < 6; ++i) {
        copies.push_back((copies_dir / ("copy-" + std::to_string(i) + ".yaml")).string());
        std::ofstream(copies.back(), std::ios::binary) << file_text;
    }
    std::size_t next_copy = 0;
    auto validate_bundled = [&] {
        tether_result* result = nullptr;
        const std::string& copy = copies[next_copy++ % copies.size()];
        const bool ok = tether_manifest_validate(copy.c_str(), nullptr, nullptr, &result) == TETHER_OK;
        if (!ok) std::cerr << "manifest_load: " << tether_result_message(result) << "\n";
        tether_result_free(result);
        return ok;
    };
    auto yaml_only = [&] {
        const YAML::Node root = YAML::LoadFile(path);
        return root.IsMap();
    };

    bool ok = true;
    for (int i = 0; i < 5; ++i) {  // warm-up: the file in the page cache, the allocator's arenas grown
        next_text();
        ok = validate() && yaml_only() && ok;
        next_text();
        ok = open_close() && validate_bundled() && ok;
    }
    std::vector<double> validate_ms, again_ms, open_ms, yaml_ms, bundled_ms;
    for (long i = 0; i < iterations && ok; ++i) {
        next_text();
        validate_ms.push_back(elapsed_ms(validate, ok));
        again_ms.push_back(elapsed_ms(validate, ok));
        next_text();
        open_ms.push_back(elapsed_ms(open_close, ok));
        yaml_ms.push_back(elapsed_ms(yaml_only, ok));
        bundled_ms.push_back(elapsed_ms(validate_bundled, ok));
    }
    std::filesystem::remove_all(copies_dir);
    if (!ok) return 1;
    std::printf("{\"bench\":\"manifest_load\",\"iterations\":%ld,\"validate_ms\":%.4f,\"validate_min_ms\":%.4f,"
                "\"connector_open_ms\":%.4f,\"connector_open_min_ms\":%.4f,\"yaml_cpp_ms\":%.4f,"
                "\"yaml_cpp_min_ms\":%.4f,\"validate_again_ms\":%.4f,\"bundled_ms\":%.4f,\"bundled_min_ms\":%.4f}\n",
                iterations, median(validate_ms), minimum(validate_ms), median(open_ms), minimum(open_ms),
                median(yaml_ms), minimum(yaml_ms), median(again_ms), median(bundled_ms), minimum(bundled_ms));
    return 0;
}
