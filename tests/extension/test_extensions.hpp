// Extensions the extension tests load as entry functions (linked into the test): one that records every
// byte tether hands it (for the no-secret scan), one that throws, one that misuses its context, one that
// loops on requests (the call's one budget), and raw C tables for the version and struct_size rules.
#pragma once

#include <string>

#include "tether/tether.h"

namespace tether_test {

// Every byte handed to the recording extension's functions so far (params, body, settings, requests seen by
// hooks, responses, ...); cleared by take_seen().
std::string take_seen();

const tether_extension* recording_extension();  // code op probe.run; hooks probe_request, probe_response,
                                                // missing_is_empty, provider_said_no
const tether_extension* throwing_extension();   // code op boom.throw; request hook boom_hook
const tether_extension* misusing_extension();   // code op misuse.run: every misuse, then keeps its context
const tether_extension* looping_extension();    // code op budget.loop: GET until the call's budget is spent

// What misuse.run found: one line per check that did not give the status expected; empty when all did.
std::string misuse_failures();
// The context misuse.run kept (ended by now) and the api table it was given.
tether_extension_context* kept_context();
const tether_extension_api* kept_api();
// How many requests budget.loop sent before tether refused one, and the reason of the refusal.
int loop_sends();
std::string loop_stop_reason();

// A raw table built for ABI `version` with `struct_size` (a smaller size: an older layout), offering the
// code operation `name` (which answers {"raw":true}).
const tether_extension* raw_table(std::uint32_t version, std::size_t struct_size, const char* name);

}  // namespace tether_test
