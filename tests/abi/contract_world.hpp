// One scenario's world for the ABI contract test: a Smartsheet emulator, a C host table whose callbacks can be
// told to fail, and a connector plus one connection opened through the C ABI against them.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "tests/abi/test_host.hpp"
#include "emulator/smartsheet_emulator.hpp"
#include "tether/tether.h"

namespace tether_test {

std::string api_token_manifest_path();
std::string client_credentials_manifest_path();  // a machine-to-machine manifest; client_id is required

struct world_options {
    std::string manifest_path = smartsheet_manifest_path();
    std::string manifest_text;  // when set, the manifest instead of manifest_path (named "world.yaml")
    // Extensions for the connector (ABI 1.6): libraries to load and entry functions.
    std::vector<std::string> extension_paths;
    std::vector<tether_extension_entry_fn> extension_entries;
    bool offer_lease = false;
    std::string client_secret;  // "" = the one the emulator expects
    std::string auth_method;    // the auth_method setting; "" = not given
    tether::emulator::emulator_options emulator{};
};

// The variations scenarios need.
world_options api_token_connector();       // the API-access-token manifest instead of OAuth
world_options with_lease();                // the host offers the cross-process lease
world_options with_wrong_client_secret();  // settings carry a client secret the provider rejects
// A machine-to-machine connector with two client credentials methods (reader, writer), the emulator granting
// them; `auth_method` names the one the connection uses ("": none).
world_options client_credentials_connector(std::string auth_method);

class world {
public:
    explicit world(world_options options = {});
    ~world();
    world(const world&) = delete;
    world& operator=(const world&) = delete;

    tether::emulator::smartsheet_emulator emulator;
    memory_host host;
    tether_host table{};
    tether_connector* connector = nullptr;
    tether_connection* connection = nullptr;  // connection id "conn"

    // A slot for a verb's result; freed with the world. last() is the result of the latest slot.
    tether_result** result();
    const tether_result* last() const;
    // Returns `status` after checking that the latest result carries `reason`: scenarios pin why, not only what.
    tether_status with_reason(tether_status status, std::string_view reason) const;

    // The connection's settings as JSON, pointing at the emulator.
    std::string settings() const;
    // Stores an authorized record for "conn" as an earlier authorization would have (tokens minted by the
    // emulator for user 1001, issued now on the emulator's clock).
    void seed_authorized(const std::vector<std::string>& scopes = {"READ_SHEETS", "WRITE_SHEETS", "ADMIN_WEBHOOKS"});
    // authorize_begin, then the user's consent at the emulator: the callback URL the browser would land on.
    std::string begin_and_consent();
    // A fault on the next `times` requests to `path` (method "" = any); by default on all of them.
    void fail_requests(const std::string& method, const std::string& path, int status, int error_code,
                       int times = tether::emulator::fault_rule::forever);

private:
    world_options options_;
    std::deque<tether_result*> results_;  // a deque: slots handed out stay where they are
};

}  // namespace tether_test
