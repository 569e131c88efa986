// Adapts the host's C table (tether_host) to the engine's host_services interface.
#include "plugin/abi/c_host_services.hpp"

#include <cstddef>
#include <new>

#include "plugin/abi/versioned_struct.hpp"
#include "plugin/core/time_bounds.hpp"
#include "plugin/host/system_services.hpp"

namespace tether::abi {

namespace {

// The size of tether_host in ABI 1.0: the smallest table a host may pass.
constexpr std::size_t host_table_v1_size = offsetof(tether_host, random_bytes) + sizeof(void*);

// Maps a status returned by a host callback onto the ones the contract allows; anything else is `fallback`.
status accept(tether_status returned, std::initializer_list<status> allowed, status fallback) {
    for (const status s : allowed)
        if (returned == static_cast<tether_status>(s)) return s;
    return fallback;
}

struct load_target {
    stored_record* record;
    bool failed = false;
};

extern "C" void receive_record(tether_record_out* out, const char* data, std::size_t size,
                               std::uint64_t version) {
    auto* target = static_cast<load_target*>(out->opaque);
    if (target == nullptr) return;
    if (version == 0 || (data == nullptr && size != 0)) {
        target->failed = true;  // a found record must have a version >= 1
        return;
    }
    try {
        target->record->data.assign(data == nullptr ? "" : data, size);
        target->record->version = version;
    } catch (...) {
        target->failed = true;
    }
}

class c_host_services final : public host_services {
public:
    explicit c_host_services(const tether_host& table) : table_(table) {}

    status load_record(std::string_view connection_id, stored_record& out) override {
        out = stored_record{};
        const std::string id(connection_id);
        load_target target{&out};
        tether_record_out sink{&target, &receive_record};
        const status result = accept(table_.load(table_.storage_ctx, id.c_str(), &sink),
                                     {status::ok, status::storage_error}, status::storage_error);
        if (result != status::ok || target.failed) {
            out = stored_record{};
            return status::storage_error;
        }
        return status::ok;
    }

    status store_record(std::string_view connection_id, std::uint64_t expected_version,
                        std::string_view data) override {
        const std::string id(connection_id);
        return accept(table_.store(table_.storage_ctx, id.c_str(), expected_version, data.data(), data.size()),
                      {status::ok, status::conflict, status::storage_error}, status::storage_error);
    }

    bool has_lease() const override { return table_.lease_acquire != nullptr; }

    status acquire_lease(std::string_view name, std::string_view owner, std::int64_t ttl_ms) override {
        if (!has_lease()) return status::ok;
        const std::string n(name), o(owner);
        return accept(table_.lease_acquire(table_.storage_ctx, n.c_str(), o.c_str(), ttl_ms),
                      {status::ok, status::conflict, status::storage_error}, status::storage_error);
    }

    status release_lease(std::string_view name, std::string_view owner) override {
        if (!has_lease()) return status::ok;
        const std::string n(name), o(owner);
        return accept(table_.lease_release(table_.storage_ctx, n.c_str(), o.c_str()),
                      {status::ok, status::storage_error}, status::storage_error);
    }

    bool log_enabled(log_level level) const override {
        return table_.log != nullptr && level != log_level::off && static_cast<int>(level) <= table_.log_level;
    }

    void log(log_level level, std::string_view message, std::string_view connection_id,
             std::string_view operation) override {
        if (!log_enabled(level)) return;
        const std::string text(message), id(connection_id), op(operation);
        tether_log_entry entry{sizeof(tether_log_entry), static_cast<int>(level), text.c_str(),
                               id.empty() ? nullptr : id.c_str(), op.empty() ? nullptr : op.c_str()};
        table_.log(table_.log_ctx, &entry);
    }

    // Held to 1970..9999 like every time that enters the engine (plugin/core/time_bounds.hpp).
    std::int64_t now_ms() override {
        return clamp_time_ms(table_.now_ms != nullptr ? table_.now_ms(table_.clock_ctx) : system_now_ms());
    }

    void sleep_ms(std::int64_t ms) override {
        if (table_.sleep_ms != nullptr)
            table_.sleep_ms(table_.clock_ctx, ms);
        else
            system_sleep_ms(ms);
    }

    status random_bytes(std::span<std::byte> out) override {
        if (table_.random_bytes == nullptr) return system_random_bytes(out);
        return accept(table_.random_bytes(table_.random_ctx, out.data(), out.size()), {status::ok},
                      status::host_error);
    }

private:
    tether_host table_;
};

}  // namespace

std::optional<std::string> validate_host_table(const tether_host* host) {
    if (host == nullptr) return "the host table (options.host) is NULL";
    const auto table = read_versioned(host, host_table_v1_size);
    if (!table)
        return "the host table's struct_size is too small; initialize it with TETHER_HOST_INIT";
    if (table->load == nullptr) return "the host table's required storage callback 'load' is NULL";
    if (table->store == nullptr) return "the host table's required storage callback 'store' is NULL";
    if ((table->lease_acquire == nullptr) != (table->lease_release == nullptr))
        return "the host table sets only one of 'lease_acquire' and 'lease_release'; set both or neither";
    if (table->log_level < TETHER_LOG_OFF || table->log_level > TETHER_LOG_TRACE)
        return "the host table's 'log_level' is not a tether_log_level (0..5)";
    return std::nullopt;
}

std::unique_ptr<host_services> make_c_host_services(const tether_host& host) {
    return std::make_unique<c_host_services>(*read_versioned(&host, host_table_v1_size));
}

}  // namespace tether::abi
