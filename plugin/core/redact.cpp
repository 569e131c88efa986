// The one redaction rule of tether lives in the public SDK header, so that hosts and the CLI show secrets
// exactly as the library does.
#include "plugin/core/redact.hpp"

#include <tether/redact.hpp>

namespace tether {

std::string redact(std::string_view secret) { return sdk::redact(secret); }

}  // namespace tether
