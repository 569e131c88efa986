// A wrapper-level in-memory store (tether::sdk::storage, as a host object would implement it), with what a
// test reads back: the stored bytes and version of a record.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

#include "tether/tether.hpp"

namespace tether_test {

class map_storage final : public tether::sdk::storage {
public:
    tether_status load(const std::string& id, std::string& data, std::uint64_t& version) override {
        auto it = records_.find(id);
        if (it != records_.end()) std::tie(data, version) = it->second;
        return TETHER_OK;
    }
    tether_status store(const std::string& id, std::uint64_t expected, std::string_view data) override {
        auto& slot = records_[id];
        if (slot.second != expected) return TETHER_CONFLICT;
        slot = {std::string(data), expected + 1};
        return TETHER_OK;
    }
    std::string data(const std::string& id) const { return records_.count(id) ? records_.at(id).first : ""; }
    std::uint64_t version(const std::string& id) const { return records_.count(id) ? records_.at(id).second : 0; }

private:
    std::map<std::string, std::pair<std::string, std::uint64_t>> records_;
};

}  // namespace tether_test
