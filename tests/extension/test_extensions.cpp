// The extensions of the extension tests, written with tether/extension.hpp (and one table in plain C terms).
#include "tests/extension/test_extensions.hpp"

#include <cstddef>
#include <deque>
#include <mutex>
#include <stdexcept>

#include "tether/extension.hpp"

namespace tether_test {

namespace {

using tether::ext::context;

std::mutex seen_mutex;
std::string seen;

void record(const std::string& what) {
    std::lock_guard lock(seen_mutex);
    seen += what;
    seen += '\n';
}

tether_status probe_run(context& ctx) {
    record(ctx.operation_name());
    record(ctx.params_json());
    record(ctx.body());
    for (const char* name : {"base_url", "client_id", "redirect_uri", "region", "scopes", "client_secret"})
        if (auto value = ctx.setting(name)) record(*value);
    record(std::to_string(ctx.now_ms()));
    const auto bytes = ctx.random_bytes(16);
    record(std::string(bytes.begin(), bytes.end()));
    const auto sheet = ctx.send({"GET", "/sheets/2001"});
    record(sheet.reason + sheet.message + sheet.body);
    const auto missing = ctx.send({"GET", "/sheets/999999"});
    record(missing.reason + missing.message + missing.body);
    ctx.log(TETHER_LOG_WARN, "probe ran");
    return ctx.set_result(TETHER_OK, "", "", sheet.body);
}

tether_status probe_request(context& ctx) {
    record(ctx.operation_name() + ctx.params_json() + ctx.request_method() + ctx.request_target() + ctx.body());
    for (const char* name : {"Authorization", "authorization", "Accept", "User-Agent", "Content-Type"})
        if (auto value = ctx.header(name)) record(std::string(name) + ": " + *value);
    if (ctx.set_header("Authorization", "Bearer stolen") != TETHER_FORBIDDEN) record("SET_AUTHORIZATION_ALLOWED");
    ctx.set_header("X-Probe", "1");
    return TETHER_OK;
}

tether_status probe_response(context& ctx) {
    record(std::to_string(ctx.response_status()) + ctx.request_method() + ctx.request_target() + ctx.body());
    for (const char* name : {"Content-Type", "Date", "Authorization"})
        if (auto value = ctx.header(name)) record(*value);
    return TETHER_OK;
}

tether_status missing_is_empty(context& ctx) {
    if (ctx.response_status() == 404) return ctx.set_result(TETHER_OK, "", "", R"({"missing":true})");
    return TETHER_OK;
}

tether_status provider_said_no(context& ctx) {
    if (ctx.body().find("\"Roadmap\"") != std::string::npos)
        return ctx.set_result(TETHER_BAD_REQUEST, "provider_said_no", "the provider refused it in a 200");
    return TETHER_OK;
}

tether_status boom(context&) {
    // It guessed the emulator's client secret: tether scrubs it from the message anyway.
    throw std::runtime_error("kaboom from the extension (tether-test-secret)");
}

std::string misuse_report;
tether_extension_context* kept = nullptr;
const tether_extension_api* kept_table = nullptr;

void expect(tether_status got, tether_status want, const char* what) {
    if (got != want)
        misuse_report += std::string(what) + ": got " + std::to_string(got) + ", want " + std::to_string(want) + "\n";
}

tether_status misuse(context& ctx) {
    const tether_extension_api* api = ctx.api();
    tether_extension_context* c = ctx.handle();
    const char* text = nullptr;
    std::size_t size = 0;
    std::int64_t now = 0;
    misuse_report.clear();
    expect(api->operation_name(c, nullptr), TETHER_HOST_ERROR, "operation_name(NULL out)");
    expect(api->operation_name(nullptr, &text), TETHER_HOST_ERROR, "operation_name(NULL context)");
    expect(api->params_json(reinterpret_cast<tether_extension_context*>(0x1234), &text, &size), TETHER_HOST_ERROR,
           "params_json(forged context)");
    expect(api->body(c, nullptr, &size), TETHER_HOST_ERROR, "body(NULL out)");
    expect(api->setting(c, nullptr, &text), TETHER_HOST_ERROR, "setting(NULL name)");
    expect(api->setting(c, "client_secret", &text), TETHER_FORBIDDEN, "setting(secret)");
    expect(api->setting(c, "no_such_setting", &text), TETHER_NOT_FOUND, "setting(unknown)");
    expect(api->log(c, 99, "x"), TETHER_HOST_ERROR, "log(bad level)");
    expect(api->log(c, TETHER_LOG_INFO, nullptr), TETHER_HOST_ERROR, "log(NULL message)");
    expect(api->now_ms(c, nullptr), TETHER_HOST_ERROR, "now_ms(NULL out)");
    expect(api->random_bytes(c, nullptr, 4), TETHER_HOST_ERROR, "random_bytes(NULL buffer)");
    expect(api->send(c, nullptr, nullptr), TETHER_HOST_ERROR, "send(NULL request)");
    tether_extension_request small = TETHER_EXTENSION_REQUEST_INIT;
    small.struct_size = sizeof(size_t);
    small.path = "/users/me";
    tether_extension_response out = TETHER_EXTENSION_RESPONSE_INIT;
    expect(api->send(c, &small, &out), TETHER_HOST_ERROR, "send(undersized request)");
    tether_extension_request bad_path = TETHER_EXTENSION_REQUEST_INIT;
    bad_path.path = "/sheets/../users/me";
    expect(api->send(c, &bad_path, &out), TETHER_BAD_REQUEST, "send(dot segments)");
    tether_extension_request bad_method = TETHER_EXTENSION_REQUEST_INIT;
    bad_method.method = "TRACE";
    bad_method.path = "/users/me";
    expect(api->send(c, &bad_method, &out), TETHER_BAD_REQUEST, "send(TRACE)");
    tether_extension_request bad_header = TETHER_EXTENSION_REQUEST_INIT;
    const tether_header auth{"Authorization", "Bearer mine"};
    bad_header.path = "/users/me";
    bad_header.headers = &auth;
    bad_header.header_count = 1;
    expect(api->send(c, &bad_header, &out), TETHER_BAD_REQUEST, "send(Authorization header)");
    tether_extension_response small_out = TETHER_EXTENSION_RESPONSE_INIT;
    small_out.struct_size = 1;
    tether_extension_request fine = TETHER_EXTENSION_REQUEST_INIT;
    fine.path = "/users/me";
    expect(api->send(c, &fine, &small_out), TETHER_HOST_ERROR, "send(undersized response)");
    expect(api->set_header(c, "X-A", "b"), TETHER_HOST_ERROR, "set_header in a code operation");
    expect(api->response_status(c, nullptr), TETHER_HOST_ERROR, "response_status in a code operation");
    expect(api->set_result(c, 77, nullptr, nullptr, nullptr, 0), TETHER_HOST_ERROR, "set_result(unknown status)");
    expect(api->set_result(c, TETHER_OK, "Not A Reason", nullptr, nullptr, 0), TETHER_BAD_REQUEST,
           "set_result(bad reason)");
    expect(api->set_result(c, TETHER_OK, nullptr, nullptr, "{not json", 0), TETHER_BAD_REQUEST,
           "set_result(body not JSON)");
    expect(api->now_ms(c, &now), TETHER_OK, "now_ms");
    kept = c;
    kept_table = api;
    return ctx.set_result(TETHER_OK, "", "", R"({"checked":true})");
}

int sends = 0;
std::string stop_reason;

tether_status budget_loop(context& ctx) {
    sends = 0;
    stop_reason.clear();
    for (int i = 0; i < 1000; ++i) {
        const auto r = ctx.send({"GET", "/sheets/2001"});
        if (r.reason == "budget_exhausted") {
            stop_reason = r.reason;
            return ctx.set_result(r.status, r.reason, r.message);
        }
        ++sends;
    }
    return TETHER_OK;
}

tether_status raw_run(const tether_extension_api* api, tether_extension_context* ctx, void*) {
    return api->set_result(ctx, TETHER_OK, nullptr, nullptr, R"({"raw":true})", 0);
}

}  // namespace

std::string take_seen() {
    std::lock_guard lock(seen_mutex);
    return std::exchange(seen, {});
}

const tether_extension* recording_extension() {
    static tether::ext::extension ext("recording");
    ext.operation("probe.run", "records everything", {{"note", TETHER_PARAM_STRING, false, "anything"}}, probe_run)
        .request_hook("probe_request", probe_request)
        .response_hook("probe_response", probe_response)
        .response_hook("missing_is_empty", missing_is_empty)
        .response_hook("provider_said_no", provider_said_no);
    return ext.table();
}

const tether_extension* throwing_extension() {
    static tether::ext::extension ext("throwing");
    ext.operation("boom.throw", "throws", {}, boom).request_hook("boom_hook", boom);
    return ext.table();
}

const tether_extension* misusing_extension() {
    static tether::ext::extension ext("misusing");
    ext.operation("misuse.run", "misuses its context", {}, misuse);
    return ext.table();
}

const tether_extension* looping_extension() {
    static tether::ext::extension ext("looping");
    ext.operation("budget.loop", "sends until refused", {}, budget_loop);
    return ext.table();
}

std::string misuse_failures() {
    return misuse_report;
}
tether_extension_context* kept_context() {
    return kept;
}
const tether_extension_api* kept_api() {
    return kept_table;
}
int loop_sends() {
    return sends;
}
std::string loop_stop_reason() {
    return stop_reason;
}

const tether_extension* raw_table(std::uint32_t version, std::size_t struct_size, const char* name) {
    // A table must outlive every connector that loaded it: these live as long as the test process.
    struct raw {
        tether_extension_operation op;
        const tether_extension_operation* ops[1];
        tether_extension table;
    };
    static std::mutex lock;
    static std::deque<raw> tables;
    std::lock_guard guard(lock);
    raw& r = tables.emplace_back();
    r.op = {sizeof(tether_extension_operation), name, nullptr, nullptr, 0, raw_run, nullptr};
    r.ops[0] = &r.op;
    r.table = {struct_size, version, "raw", r.ops, 1, nullptr, 0, nullptr, 0};
    return &r.table;
}

}  // namespace tether_test
