// AES-256-GCM sealing of stored records through OpenSSL's EVP interface, and the envelope around it:
//   {"sealed":"aes-256-gcm","key_id":"1a2b3c4d","nonce":"<base64>","data":"<base64 of ciphertext and tag>"}
#include "plugin/record/record_seal.hpp"

#include <openssl/evp.h>
#include <tether/base64.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fmt/format.h>

#include <memory>

#include "plugin/core/sha256.hpp"

namespace tether::record {

namespace {

constexpr std::string_view envelope_prefix = R"({"sealed":)";
constexpr std::string_view cipher_name = "aes-256-gcm";
constexpr std::size_t tag_size = 16;

using cipher_context = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

const unsigned char* bytes_of(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// Runs one GCM pass. Encrypting: `in` is the plaintext, the result is ciphertext followed by the tag.
// Decrypting: `in` is ciphertext followed by the tag; nullopt when the tag does not match.
std::optional<wiped_string> gcm(bool encrypt, std::string_view key, std::string_view nonce, std::string_view aad,
                                std::string_view in) {
    if (!encrypt && in.size() < tag_size) return std::nullopt;
    const std::string_view body = encrypt ? in : in.substr(0, in.size() - tag_size);
    cipher_context ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
    if (!ctx) throw std::bad_alloc();
    const int enc = encrypt ? 1 : 0;
    if (EVP_CipherInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, enc) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_IVLEN, static_cast<int>(nonce.size()), nullptr) != 1 ||
        EVP_CipherInit_ex(ctx.get(), nullptr, nullptr, bytes_of(key), bytes_of(nonce), enc) != 1)
        throw std::runtime_error("OpenSSL could not set up AES-256-GCM");
    int length = 0;
    if (EVP_CipherUpdate(ctx.get(), nullptr, &length, bytes_of(aad), static_cast<int>(aad.size())) != 1)
        throw std::runtime_error("OpenSSL rejected the associated data");
    wiped_string out;
    out.resize(body.size() + tag_size);
    auto* dest = reinterpret_cast<unsigned char*>(out.data());
    if (EVP_CipherUpdate(ctx.get(), dest, &length, bytes_of(body), static_cast<int>(body.size())) != 1)
        return std::nullopt;
    std::size_t written = static_cast<std::size_t>(length);
    if (!encrypt) {
        std::string tag(in.substr(in.size() - tag_size));
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(tag_size), tag.data()) != 1)
            return std::nullopt;
    }
    if (EVP_CipherFinal_ex(ctx.get(), dest + written, &length) != 1) return std::nullopt;  // tag mismatch
    written += static_cast<std::size_t>(length);
    if (encrypt) {
        if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(tag_size), dest + written) != 1)
            throw std::runtime_error("OpenSSL did not give the GCM tag");
        written += tag_size;
    }
    out.resize(written);
    return out;
}

seal_problem problem(std::string reason, std::string message) { return {std::move(reason), std::move(message)}; }

}  // namespace

std::string record_key_id(std::string_view key) {
    wiped_string input("tether record key");
    input.append(key);
    return to_hex(sha256(input), 4);
}

record_keyring::record_keyring(std::vector<std::string_view> keys_current_first) {
    for (const auto key : keys_current_first) {
        const auto id = record_key_id(key);
        if (find(id) == nullptr) keys_.push_back({wiped_string(std::string(key)), id});
    }
}

const record_key* record_keyring::find(std::string_view id) const noexcept {
    for (const auto& k : keys_)
        if (k.id == id) return &k;
    return nullptr;
}

std::vector<std::string> record_keyring::ids() const {
    std::vector<std::string> out;
    for (const auto& k : keys_) out.push_back(k.id);
    return out;
}

bool is_sealed(std::string_view stored) { return stored.starts_with(envelope_prefix); }

std::string seal_record(std::string_view plaintext, std::string_view connection_id, const record_key& key,
                        std::span<const std::byte, seal_nonce_size> nonce) {
    const std::string_view nonce_text(reinterpret_cast<const char*>(nonce.data()), nonce.size());
    const auto sealed = gcm(true, key.bytes, nonce_text, connection_id, plaintext);
    if (!sealed) throw std::runtime_error("OpenSSL could not seal the record");
    // Written by hand so the envelope always starts with envelope_prefix (is_sealed relies on it).
    return fmt::format(R"({{"sealed":"{}","key_id":"{}","nonce":"{}","data":"{}"}})", cipher_name, key.id,
                       sdk::base64_encode(nonce_text), sdk::base64_encode(*sealed));
}

std::variant<wiped_string, seal_problem> open_record(std::string_view stored, std::string_view connection_id,
                                                     const record_keyring& keys) {
    if (!is_sealed(stored)) return wiped_string(std::string(stored));
    boost::system::error_code ec;
    const auto value = boost::json::parse(stored, ec);
    const auto* envelope = ec ? nullptr : value.if_object();
    auto field = [&](const char* name) -> std::string_view {
        const auto* v = envelope ? envelope->if_contains(name) : nullptr;
        return v && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
    };
    const std::string key_id(field("key_id"));
    if (!envelope || field("sealed") != cipher_name || key_id.empty())
        return problem("record_seal_invalid",
                       "the stored record is a sealed envelope tether cannot read (not aes-256-gcm with a key id); "
                       "it is kept as it is");
    if (!keys.seals())
        return problem("record_key_missing", "the stored record is sealed with record key " + key_id +
                                                 " and this connector was given no record key; configure the "
                                                 "record key the other workers use (TETHER_RECORD_KEY for the CLI)");
    const record_key* key = keys.find(key_id);
    if (!key) {
        std::string known;
        for (const auto& id : keys.ids()) known += (known.empty() ? "" : ", ") + id;
        return problem("record_key_unknown", "the stored record is sealed with record key " + key_id +
                                                 ", which is not among this connector's record keys (" + known +
                                                 "); add it as a previous key to read the record");
    }
    const auto nonce = sdk::base64_decode(field("nonce"));
    const auto data = sdk::base64_decode(field("data"));
    if (!nonce || nonce->size() != seal_nonce_size || !data)
        return problem("record_seal_invalid", "the sealed record's nonce or data is not valid base64 of the right "
                                              "size; it is kept as it is");
    auto opened = gcm(false, key->bytes, *nonce, connection_id, *data);
    if (!opened)
        return problem("record_seal_invalid",
                       "the sealed record does not open with record key " + key_id +
                           " for this connection: it was altered, or copied from another connection; it is kept "
                           "as it is");
    return std::move(*opened);
}

}  // namespace tether::record
