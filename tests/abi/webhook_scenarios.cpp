// Contract scenarios of tether_webhook_receive: a challenge, callbacks signed, unsigned and unknown, a body
// that is no webhook payload, and the general rules.
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>

#include "tests/abi/contract_scenarios.hpp"
#include "tests/abi/contract_world.hpp"

namespace tether_test {

namespace {

constexpr const char* host_secret = "contract-webhook-secret-0123456789";
const std::string callback_body =
    R"({"nonce":"n-1","timestamp":"2026-01-01T00:00:00Z","webhookId":9000000001,"scope":"sheet",)"
    R"("scopeObjectId":2001,"events":[{"objectType":"row","eventType":"created","id":1}]})";

std::string signature_of(const std::string& key, const std::string& body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
         body.size(), digest, &length);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0x0f];
    }
    return out;
}

tether_status receive(world& w, const std::string& body, const std::string& signature, const char* secret) {
    const std::string signature_name = "Smartsheet-Hmac-SHA256";
    tether_header header{signature_name.c_str(), signature.c_str()};
    tether_webhook_request req = TETHER_WEBHOOK_REQUEST_INIT;
    req.headers = signature.empty() ? nullptr : &header;
    req.header_count = signature.empty() ? 0 : 1;
    req.body = body.data();
    req.body_size = body.size();
    req.shared_secret = secret;
    return tether_webhook_receive(w.connection, &req, w.result());
}

function_scenarios webhook_receive() {
    using t = trigger;
    return {"tether_webhook_receive",
            {t::bad_argument, t::failing_storage},
            {
                {"a verification challenge", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     return w.with_reason(receive(w, R"({"challenge":"c-1","webhookId":9000000001})", "", nullptr),
                                          "challenge");
                 }},
                {"a callback signed with the host's secret", t::behaviour, TETHER_OK,
                 [] {
                     world w;
                     return w.with_reason(
                         receive(w, callback_body, signature_of(host_secret, callback_body), host_secret), "event");
                 }},
                {"an unsigned callback", t::behaviour, TETHER_FORBIDDEN,
                 [] {
                     world w;
                     return w.with_reason(receive(w, callback_body, "", host_secret), "signature_missing");
                 }},
                {"a body that is not a webhook payload", t::behaviour, TETHER_BAD_REQUEST,
                 [] {
                     world w;
                     return w.with_reason(receive(w, "<html>", "", host_secret), "not_webhook_payload");
                 }},
                {"a callback of a webhook whose secret tether never captured", t::behaviour, TETHER_CONFIG_ERROR,
                 [] {
                     world w;
                     return w.with_reason(receive(w, callback_body, signature_of(host_secret, callback_body), nullptr),
                                          "webhook_secret_unknown");
                 }},
                {"storage failing when the captured secret is read", t::failing_storage, TETHER_STORAGE_ERROR,
                 [] {
                     world w;
                     w.host.fail_load = true;
                     return receive(w, callback_body, signature_of(host_secret, callback_body), nullptr);
                 }},
                {"a NULL request", t::bad_argument, TETHER_HOST_ERROR,
                 [] {
                     world w;
                     return tether_webhook_receive(w.connection, nullptr, w.result());
                 }},
            }};
}

}  // namespace

std::vector<function_scenarios> webhook_scenarios() {
    return {webhook_receive()};
}

}  // namespace tether_test
