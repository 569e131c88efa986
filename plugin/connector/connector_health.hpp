// The health of a connector: every open connection's document, aggregated with a summary by state.
#pragma once

#include "plugin/connector/connector.hpp"
#include "plugin/core/outcome.hpp"

namespace tether {

// Builds each open connection's document (with its live probe when `probe`) outside the connector's registry
// lock, so a slow connection delays neither the others' health nor connections opening and closing.
outcome connector_health(const connector& owner, bool probe, bool prometheus);

}  // namespace tether
