// The seeded demo world used by `tether-emulator`.
#include "demo_data.hpp"

namespace tether::emulator::demo {

void seed(smartsheet_emulator& emulator) {
    emulator.add_user(demo_user, "demo@example.com", "Demo", "User");
    emulator.add_user(other_user, "other@example.com", "Other", "User");

    emulator.add_sheet(project_plan_sheet, "Project Plan", demo_user);
    emulator.add_row(project_plan_sheet, {"Kick-off", "Done"});
    emulator.add_row(project_plan_sheet, {"Design review", "In progress"});
    emulator.add_row(project_plan_sheet, {"Launch", "Not started"});
    emulator.add_sheet(budget_sheet, "Budget", demo_user);
    emulator.add_row(budget_sheet, {"Licences", "1200"});
    emulator.add_sheet(team_roster_sheet, "Team Roster", other_user);
    emulator.share_sheet(team_roster_sheet, demo_user, access_viewer);
    emulator.add_sheet(private_sheet, "Private Salaries", other_user);

    const char* names[demo_workspace_count] = {"Engineering", "Marketing", "Operations", "Finance", "Sales"};
    for (int i = 0; i < demo_workspace_count; ++i) emulator.add_workspace(3001 + i, names[i], {demo_user});
    emulator.set_authorizing_user(demo_user);
}

}  // namespace tether::emulator::demo
