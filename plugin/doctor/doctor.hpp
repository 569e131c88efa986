// `tether doctor` / tether_diagnose: the troubleshooting guide run against a live connection
// (docs/troubleshooting.md). Gathers the evidence check by check and stops at the first finding, so that a
// connection that needs re-authorizing costs no request and a healthy one a handful.
#pragma once

#include <optional>
#include <string>

#include "plugin/core/outcome.hpp"
#include "plugin/doctor/doctor_context.hpp"

namespace tether::doctor {

struct doctor_request {
    std::string operation;                     // optional: one request of it, raw
    std::string params_json;                   // its parameters (a JSON object), or empty
    std::optional<std::string> recorded_json;  // optional: a failed result a platform recorded
};

// Status ok whenever the diagnosis was made (whatever its verdict); reason: the verdict; message: the first
// action; body: diagnosis_json (verdict.hpp). At most four requests (probe, refresh, probe again, operation);
// stored state changes only through the normal refresh after a 401. Never throws for an expected failure.
outcome run_doctor(const doctor_context& ctx, const doctor_request& request);

}  // namespace tether::doctor
