// The contexts handed to extensions. A tether_extension_context* is never a pointer to memory: it is the id
// of a live context in this registry, so a handle kept past its operation (or forged) is looked up, found
// missing, and refused with a status — never dereferenced.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "plugin/call/attempt_sequence.hpp"
#include "plugin/call/request_builder.hpp"
#include "plugin/core/outcome.hpp"
#include "plugin/http/http_client.hpp"
#include "sdk_shim/include/tether/tether.h"

namespace tether::extension {

enum class context_kind { code_operation, request_hook, response_hook };

// What one running code operation or hook may reach. Guarded by `lock`; `busy` while a request it sent is
// on its way (a hook of that request using this context would otherwise change it mid-flight).
struct context_state {
    std::recursive_mutex lock;
    bool ended = false;  // the pointers below are dangling once set: checked under `lock` before any use
    bool busy = false;
    context_kind kind = context_kind::code_operation;
    std::string extension;  // the name of the extension whose function runs
    const call::call_context* call = nullptr;
    const manifest::operation* op = nullptr;
    const boost::json::object* params = nullptr;
    std::string params_json;
    std::string call_body;                    // code operation: the caller's body
    call::call_progress* progress = nullptr;  // code operation: the call's, shared by all its requests
    http::request* request = nullptr;         // request hook: the request it may change
    const http::request* sent = nullptr;      // either hook: the request (a response hook's carries a bearer:
                                              // only its method and target are ever shown)
    http::response* response = nullptr;       // response hook
    std::optional<outcome> verdict;           // set_result's
    std::optional<outcome> last_failure;      // code operation: its latest failed request (without attempts)
    std::vector<std::string> secrets;         // secret settings' values: scrubbed from what the extension writes
    std::deque<std::string> kept;             // strings handed out; stable until the context ends

    const char* keep(std::string text) { return kept.emplace_back(std::move(text)).c_str(); }
    // The secrets to scrub now: the settings' and the call's bearer (a refresh may have replaced it).
    std::vector<std::string> secrets_now() const {
        std::vector<std::string> all = secrets;
        if (progress != nullptr) all.push_back(progress->access_token);
        return all;
    }
};

// One context in the registry for as long as this object lives; destroying it ends the context.
class registered_context {
public:
    explicit registered_context(std::shared_ptr<context_state> state);
    ~registered_context();
    registered_context(const registered_context&) = delete;
    registered_context& operator=(const registered_context&) = delete;

    tether_extension_context* handle() const noexcept { return handle_; }
    context_state& state() const noexcept { return *state_; }

private:
    std::shared_ptr<context_state> state_;
    tether_extension_context* handle_;
};

// The live context behind a handle, or null (NULL, ended, never issued).
std::shared_ptr<context_state> find_context(tether_extension_context* handle);

}  // namespace tether::extension
