// The handlers of the `tether` commands, by group (one source file each); the table in command_table.cpp
// binds them to their names and options.
#pragma once

#include "cli/command_table.hpp"

namespace tether_cli {

// local_commands.cpp: need no store.
int run_help(const invocation& in);
int run_version(const invocation& in);
int run_validate(const invocation& in);

// settings_commands.cpp: the store's remembered settings and its connections.
int run_settings(const invocation& in);
int run_connections(const invocation& in);

// authorize_commands.cpp: connecting a connection.
int run_authorize_url(const invocation& in);
int run_authorize(const invocation& in);
int run_connect_token(const invocation& in);
int run_connect_client(const invocation& in);

// connection_commands.cpp: using a connected connection, and finding out why it fails.
int run_call(const invocation& in);
int run_refresh(const invocation& in);
int run_health(const invocation& in);
int run_revoke(const invocation& in);
int run_doctor(const invocation& in);

// webhook_commands.cpp: inbound webhooks, checked by the connection.
int run_webhook(const invocation& in);

}  // namespace tether_cli
