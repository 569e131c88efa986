// One request as doctor sends it: the operation bound as a call would bind it, the given bearer attached,
// sent once — no retry, no refresh, no circuit, nothing learned — and recorded as a raw attempt.
#pragma once

#include <string>

#include "plugin/call/request_builder.hpp"
#include "plugin/doctor/doctor_context.hpp"
#include "plugin/doctor/evidence.hpp"

namespace tether::doctor {

struct single_result {
    exchange_facts facts;
    std::string reproduce;  // the curl line, for a failure
};

// Sends `call` (its first page when paginated) with `bearer`, read from record `record_version`.
single_result send_once(const doctor_context& ctx, const call::prepared_call& call, const std::string& bearer,
                        std::uint64_t record_version, std::string label);

}  // namespace tether::doctor
