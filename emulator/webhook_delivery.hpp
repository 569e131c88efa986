// Smartsheet's side of webhooks, outbound: the verification challenge sent to a callback URL, the signed
// callbacks queued by sheet changes, and their delivery (with re-verification every N callbacks).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "state.hpp"

namespace tether::emulator::detail {

// https:// as Smartsheet requires, or — for local tests only — http://127.0.0.1:PORT/….
bool callback_url_allowed(std::string_view url);

// Sends `hook`'s challenge and records the delivery; true when the subscriber echoed it. Called with the state
// lock held (the subscriber must not call the emulator while it answers).
bool verify_subscriber(emulator_state& state, const webhook_record& hook);

// A change of rows (eventType "created", "updated" or "deleted") queues one callback for each enabled webhook
// of the sheet. With the state lock held.
void queue_row_events(emulator_state& state, const sheet_record& sheet, std::string_view event_type,
                      const std::vector<std::int64_t>& row_ids, std::int64_t user_id);

// Sends the queued callbacks (signed with each webhook's current secret), outside the state lock, and the
// re-verifications that come due; a webhook whose re-verification fails is disabled and its queue dropped.
// Takes the lock itself. Returns the number of callbacks sent.
int deliver_pending_callbacks(emulator_state& state);

}  // namespace tether::emulator::detail
