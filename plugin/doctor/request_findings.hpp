// What one failed request doctor sent says, by its status — shared by the token and operation checks, so that
// a 429/5xx is an outage and a 3xx a setting in both.
#pragma once

#include <optional>

#include "plugin/doctor/checks.hpp"

namespace tether::doctor {

// The verdict and first action of a failure that is not about the token or the resource: an outage (429,
// 408, 5xx, a transport failure; with the circuit's evidence), a redirect or refused URL (config). nullopt
// for anything else.
std::optional<check_result> outage_or_config(check_result r, const exchange_facts& sent, const outage_facts& outage);

// The exchange as evidence: its raw attempt plus the classifier's reason.
boost::json::object exchange_evidence(const exchange_facts& sent);

}  // namespace tether::doctor
