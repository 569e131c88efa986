// A small seeded world for the standalone emulator and for tests that want one: two users, sheets
// (one owned by the other user and NOT shared), rows and a few workspaces.
#pragma once

#include "emulator/smartsheet_emulator.hpp"

namespace tether::emulator::demo {

inline constexpr std::int64_t demo_user = 1001;           // demo@example.com; the user who authorizes
inline constexpr std::int64_t other_user = 1002;          // other@example.com
inline constexpr std::int64_t project_plan_sheet = 2001;  // owned by demo_user, has rows
inline constexpr std::int64_t budget_sheet = 2002;        // owned by demo_user
inline constexpr std::int64_t team_roster_sheet = 2003;   // owned by other_user, shared with demo_user (VIEWER)
inline constexpr std::int64_t private_sheet = 2004;       // owned by other_user, NOT shared: 403/1004 for demo_user
inline constexpr int demo_workspace_count = 5;            // ids 3001..3005, demo_user a member of all

void seed(smartsheet_emulator& emulator);

}  // namespace tether::emulator::demo
