// The public smartsheet_emulator: runs the HTTP server on a background thread and implements the
// in-process controls and observations on the shared state.
#include "emulator/smartsheet_emulator.hpp"

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <stdexcept>
#include <thread>

#include "control_api.hpp"
#include "dispatch.hpp"
#include "scopes.hpp"
#include "state.hpp"
#include "webhook_delivery.hpp"

namespace tether::emulator {

using detail::emulator_state;

struct smartsheet_emulator::impl {
    explicit impl(const emulator_options& options) : constructed(options), state(options) {}
    emulator_options constructed;
    emulator_state state;
    httplib::Server server;
    std::thread thread;
    int port = 0;
};

namespace {

// Debian's cpp-httplib is a compiled library that listens with a backlog of 5. The fleet tests connect 4 x 64
// clients at once; connections beyond the backlog wait out SYN retransmissions (1 s, 2 s, 4 s, …) until the
// client gives up. listen() again on the bound socket raises the backlog (Linux updates it in place); the
// socket is found by its port, as httplib does not expose it.
void widen_listen_backlog(int port) {
    for (int fd = 3; fd < 4096; ++fd) {
        sockaddr_in address{};
        socklen_t size = sizeof(address);
        int accepting = 0;
        socklen_t flag_size = sizeof(accepting);
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0 || address.sin_family != AF_INET ||
            ntohs(address.sin_port) != port)
            continue;
        if (::getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &flag_size) == 0 && accepting == 1)
            ::listen(fd, 1024);
    }
}
[[noreturn]] void reject(const std::string& what) {
    throw std::invalid_argument("smartsheet_emulator: " + what);
}

void require_user(const emulator_state& state, std::int64_t user_id) {
    if (!state.users.contains(user_id)) reject("unknown user " + std::to_string(user_id));
}

detail::sheet_record& require_sheet(emulator_state& state, std::int64_t sheet_id) {
    auto it = state.sheets.find(sheet_id);
    if (it == state.sheets.end()) reject("unknown sheet " + std::to_string(sheet_id));
    return it->second;
}

void validate(const fault_rule& rule) {
    if (rule.times < 1 && rule.times != fault_rule::forever) reject("fault_rule.times must be >= 1 or forever");
    if (rule.skip < 0) reject("fault_rule.skip must be >= 0");
    if (rule.kind == fault_kind::error_status && (rule.status < 100 || rule.status > 599))
        reject("an error_status fault needs an HTTP status");
    if (rule.kind == fault_kind::delay && rule.delay_ms <= 0) reject("a delay fault needs delay_ms > 0");
    if (rule.kind == fault_kind::token_missing_field && rule.missing_field.empty())
        reject("a token_missing_field fault needs missing_field");
    if (rule.kind == fault_kind::redirect && rule.location.empty()) reject("a redirect fault needs a location");
    if (rule.kind == fault_kind::redirect && rule.status != 0 && (rule.status < 300 || rule.status > 399))
        reject("a redirect fault's status must be a 3xx");
    if (rule.inflated_bytes < 0 || rule.header_bytes < 0) reject("fault sizes must be >= 0");
}
}  // namespace

smartsheet_emulator::smartsheet_emulator(emulator_options options) : impl_(std::make_unique<impl>(options)) {
    httplib::Server& server = impl_->server;
    const httplib::Server::Handler handler = [this](const httplib::Request& request, httplib::Response& response) {
        if (request.path.starts_with("/_emulator/")) {
            detail::reply answer = detail::serve_control(*this, request);
            answer.headers.emplace_back("Date", detail::current_date_header(impl_->state));
            detail::write_reply(answer, response);
            return;
        }
        detail::serve_smartsheet(impl_->state, request, response);
    };
    server.Get(".*", handler).Post(".*", handler).Put(".*", handler).Patch(".*", handler).Delete(".*", handler);
    // Errors httplib produces itself (malformed request, body too large) still carry a Date.
    const httplib::Server::HandlerWithResponse add_date = [this](const httplib::Request&, httplib::Response& response) {
        if (!response.has_header("Date")) response.set_header("Date", detail::current_date_header(impl_->state));
        return httplib::Server::HandlerResponse::Unhandled;
    };
    server.set_error_handler(add_date);

    // Headers and body go out in separate writes; without TCP_NODELAY, Nagle's algorithm and the client's
    // delayed ACK add ~40 ms to every request on a reused connection.
    server.set_tcp_nodelay(true);
    // httplib serves each keep-alive connection on one pool thread until it idles out; tests open dozens of
    // concurrent connections (threads × processes: the fleet tests hold 4 × 64 at once), so the pool must be
    // wider than that or the rest queue behind idle connections until calls time out.
    server.new_task_queue = [] { return new httplib::ThreadPool(320); };
    server.set_keep_alive_timeout(2);

    // Loopback only, control API included.
    if (options.port == 0)
        impl_->port = server.bind_to_any_port("127.0.0.1");
    else
        impl_->port = server.bind_to_port("127.0.0.1", options.port) ? options.port : -1;
    if (impl_->port <= 0) throw std::runtime_error("smartsheet_emulator: cannot bind 127.0.0.1");
    widen_listen_backlog(impl_->port);
    impl_->thread = std::thread([&server] { server.listen_after_bind(); });
    // Return only once the server accepts, so that stop() in the destructor cannot race listen().
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!server.is_running()) {
        if (std::chrono::steady_clock::now() > give_up) {
            server.stop();
            impl_->thread.join();
            throw std::runtime_error("smartsheet_emulator: server did not start");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

smartsheet_emulator::~smartsheet_emulator() {
    release_delays();  // a test that failed before releasing its held requests must not wait out their delays
    impl_->server.stop();
    if (impl_->thread.joinable()) impl_->thread.join();
}

int smartsheet_emulator::port() const {
    return impl_->port;
}
std::string smartsheet_emulator::base_url() const {
    return "http://127.0.0.1:" + std::to_string(impl_->port);
}
std::string smartsheet_emulator::api_base() const {
    return base_url() + "/2.0";
}
std::string smartsheet_emulator::authorize_url() const {
    return base_url() + "/b/authorize";
}
std::string smartsheet_emulator::token_url() const {
    return api_base() + "/token";
}
const emulator_options& smartsheet_emulator::options() const {
    return impl_->constructed;
}

// --- the world -----------------------------------------------------------------------------------

void smartsheet_emulator::add_user(std::int64_t id, std::string email, std::string first_name, std::string last_name) {
    std::lock_guard lock(impl_->state.mutex);
    auto& state = impl_->state;
    state.users[id] = detail::user_record{id, std::move(email), std::move(first_name), std::move(last_name)};
    if (!state.authorizing_user) state.authorizing_user = id;
}

void smartsheet_emulator::add_sheet(std::int64_t id, std::string name, std::int64_t owner_user_id) {
    std::lock_guard lock(impl_->state.mutex);
    auto& state = impl_->state;
    require_user(state, owner_user_id);
    const auto now = state.clock.now();
    // Two columns are enough to show rows and cells; their ids derive from the sheet's id.
    state.sheets[id] = detail::sheet_record{id,
                                            std::move(name),
                                            owner_user_id,
                                            {},
                                            {{id * 10 + 1, "Primary", true}, {id * 10 + 2, "Status", false}},
                                            {},
                                            1,
                                            now,
                                            now};
}

void smartsheet_emulator::share_sheet(std::int64_t sheet_id, std::int64_t user_id, std::string_view access_level) {
    static constexpr std::string_view levels[] = {"VIEWER", "COMMENTER", "EDITOR", "EDITOR_SHARE", "ADMIN"};
    if (std::find(std::begin(levels), std::end(levels), access_level) == std::end(levels))
        reject("unknown access level " + std::string(access_level));
    std::lock_guard lock(impl_->state.mutex);
    require_user(impl_->state, user_id);
    require_sheet(impl_->state, sheet_id).shares[user_id] = std::string(access_level);
}

void smartsheet_emulator::unshare_sheet(std::int64_t sheet_id, std::int64_t user_id) {
    std::lock_guard lock(impl_->state.mutex);
    require_sheet(impl_->state, sheet_id).shares.erase(user_id);
}

std::int64_t smartsheet_emulator::add_row(std::int64_t sheet_id, std::vector<std::string> values) {
    std::lock_guard lock(impl_->state.mutex);
    auto& state = impl_->state;
    detail::sheet_record& sheet = require_sheet(state, sheet_id);
    if (values.size() > sheet.columns.size()) reject("more values than the sheet has columns");
    detail::row_record row{state.next_row_id++, {}, state.clock.now(), state.clock.now()};
    for (std::size_t i = 0; i < values.size(); ++i) row.cells.push_back({sheet.columns[i].id, std::move(values[i])});
    sheet.rows.push_back(std::move(row));
    return sheet.rows.back().id;
}

void smartsheet_emulator::add_workspace(std::int64_t id, std::string name, std::vector<std::int64_t> member_user_ids) {
    std::lock_guard lock(impl_->state.mutex);
    for (std::int64_t user : member_user_ids) require_user(impl_->state, user);
    impl_->state.workspaces[id] =
        detail::workspace_record{id, std::move(name), {member_user_ids.begin(), member_user_ids.end()}};
}

// --- authorization -------------------------------------------------------------------------------

void smartsheet_emulator::set_authorizing_user(std::int64_t user_id) {
    std::lock_guard lock(impl_->state.mutex);
    require_user(impl_->state, user_id);
    impl_->state.authorizing_user = user_id;
}

void smartsheet_emulator::deny_next_authorize(int times) {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.denials_pending += times;
}

token_pair smartsheet_emulator::issue_tokens(std::int64_t user_id, const std::vector<std::string>& scopes) {
    std::vector<std::string> granted;
    for (const auto& scope : scopes) {
        if (!detail::is_known_scope(scope)) reject("unknown scope " + scope);
        if (!detail::has_scope(granted, scope)) granted.push_back(scope);
    }
    if (granted.empty()) reject("issue_tokens needs at least one scope");
    std::lock_guard lock(impl_->state.mutex);
    auto& state = impl_->state;
    require_user(state, user_id);
    return state.tokens.mint(user_id, granted, state.clock.now(), true, state.random);
}

void smartsheet_emulator::revoke_token(const std::string& token) {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.tokens.revoke_pair(token);
}

void smartsheet_emulator::revoke_all_tokens(std::int64_t user_id) {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.tokens.revoke_user(user_id);
}

// --- lifetimes and time --------------------------------------------------------------------------

void smartsheet_emulator::set_admin_lifetime(std::optional<std::int64_t> seconds) {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.tokens.set_admin_lifetime(seconds, impl_->state.clock.now());
}

void smartsheet_emulator::set_declared_lifetime(std::int64_t seconds) {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.tokens.set_declared_lifetime(seconds);
}

void smartsheet_emulator::set_code_ttl(int seconds) {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.options.code_ttl_s = seconds;
}

emulator_time smartsheet_emulator::now() const {
    return impl_->state.clock.now();  // lock-free (clock.hpp): callable from a subscriber the emulator is calling
}

void smartsheet_emulator::advance_clock(std::chrono::seconds by) {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.clock.advance(by);
    impl_->state.tokens.settle_admin_expiry(impl_->state.clock.now());
}

void smartsheet_emulator::set_clock_offset(std::chrono::seconds offset) {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.tokens.settle_admin_expiry(impl_->state.clock.now());
    impl_->state.clock.set_offset(offset);
    impl_->state.tokens.settle_admin_expiry(impl_->state.clock.now());
}

void smartsheet_emulator::set_date_skew(std::chrono::seconds skew) {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.date_skew = skew;
}

// --- misbehaviour --------------------------------------------------------------------------------

void smartsheet_emulator::add_fault(fault_rule rule) {
    validate(rule);
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.faults.add(std::move(rule));
}

void smartsheet_emulator::clear_faults() {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.faults.clear();
}

void smartsheet_emulator::set_rate_limit(int per_minute, std::optional<int> retry_after_s) {
    if (per_minute < 1) reject("the rate limit must be at least 1 request per minute");
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.rate_limit.configure(per_minute, retry_after_s);
}

// --- observation ---------------------------------------------------------------------------------

int smartsheet_emulator::count(std::string_view endpoint, std::string_view grant_type) const {
    std::lock_guard lock(impl_->state.mutex);
    return impl_->state.observed.count(endpoint, grant_type);
}

std::vector<smartsheet_emulator::endpoint_count> smartsheet_emulator::counters() const {
    std::lock_guard lock(impl_->state.mutex);
    std::vector<endpoint_count> out;
    for (const auto& [key, n] : impl_->state.observed.counters()) out.push_back({key.first, key.second, n});
    return out;
}

std::vector<request_log_entry> smartsheet_emulator::request_log() const {
    std::lock_guard lock(impl_->state.mutex);
    return impl_->state.observed.log();
}

void smartsheet_emulator::clear_observations() {
    std::lock_guard lock(impl_->state.mutex);
    impl_->state.observed.clear();
}

int smartsheet_emulator::requests_in_delay() const {
    std::lock_guard lock(impl_->state.mutex);
    return impl_->state.requests_in_delay;
}

void smartsheet_emulator::release_delays() {
    {
        std::lock_guard lock(impl_->state.mutex);
        ++impl_->state.delays_released;
    }
    impl_->state.delay_released.notify_all();
}

std::vector<live_token> smartsheet_emulator::live_tokens() const {
    std::lock_guard lock(impl_->state.mutex);
    return impl_->state.tokens.live(impl_->state.clock.now());
}

std::vector<std::string> smartsheet_emulator::issued_secrets() const {
    std::lock_guard lock(impl_->state.mutex);
    auto out = impl_->state.tokens.every_secret();
    out.push_back(impl_->constructed.client_secret);
    for (const auto& [id, hook] : impl_->state.webhooks) {
        out.push_back(hook.shared_secret);
        out.insert(out.end(), hook.former_secrets.begin(), hook.former_secrets.end());
    }
    return out;
}

int smartsheet_emulator::deliver_webhooks() {
    return detail::deliver_pending_callbacks(impl_->state);
}

std::vector<webhook_delivery> smartsheet_emulator::webhook_deliveries() const {
    std::lock_guard lock(impl_->state.mutex);
    return impl_->state.webhook_deliveries;
}

std::string smartsheet_emulator::webhook_status(std::int64_t webhook_id) const {
    std::lock_guard lock(impl_->state.mutex);
    const auto it = impl_->state.webhooks.find(webhook_id);
    return it == impl_->state.webhooks.end() ? std::string() : it->second.status;
}

bool smartsheet_emulator::is_live(const std::string& token) const {
    std::lock_guard lock(impl_->state.mutex);
    return impl_->state.tokens.is_live(token, impl_->state.clock.now());
}

}  // namespace tether::emulator
