// The fixed answers of the bench server, shaped like Smartsheet's: a sheet of about 2.2 KB (GET
// /2.0/sheets/{id}), the current user (GET /2.0/users/me) and Smartsheet's "not found" error.
#ifndef TETHER_BENCH_SMARTSHEET_BODIES_HPP
#define TETHER_BENCH_SMARTSHEET_BODIES_HPP

#include <string_view>

namespace bench {

constexpr std::string_view sheet_body =
    R"({"id":4583173393803140,"name":"Bench sheet","version":12,"totalRowCount":3,"accessLevel":"OWNER",)"
    R"("effectiveAttachmentOptions":["FILE","GOOGLE_DRIVE","LINK"],"ganttEnabled":false,"dependenciesEnabled":false,)"
    R"("resourceManagementEnabled":false,"cellImageUploadEnabled":true,"permalink":"https://app.smartsheet.com/sheets/abcdefghijklmnopqrstuvwxyz1234567890",)"
    R"("createdAt":"2024-01-15T09:30:00Z","modifiedAt":"2024-03-02T17:45:12Z",)"
    R"("columns":[{"id":7960873114331012,"version":0,"index":0,"title":"Task","type":"TEXT_NUMBER","primary":true,)"
    R"("validation":false,"width":240},{"id":642523719853956,"version":0,"index":1,"title":"Owner","type":)"
    R"("CONTACT_LIST","validation":false,"width":150},{"id":5146123347224452,"version":0,"index":2,"title":"Due",)"
    R"("type":"DATE","validation":false,"width":100},{"id":2894323533539204,"version":0,"index":3,"title":"Status",)"
    R"("type":"PICKLIST","options":["Not started","In progress","Done"],"validation":true,"width":120}],)"
    R"("rows":[{"id":2361756178769796,"rowNumber":1,"expanded":true,"createdAt":"2024-01-15T09:31:00Z",)"
    R"("modifiedAt":"2024-03-02T17:45:12Z","cells":[{"columnId":7960873114331012,"value":"Write the plan",)"
    R"("displayValue":"Write the plan"},{"columnId":642523719853956,"value":"ada@example.com","displayValue":"Ada"},)"
    R"({"columnId":5146123347224452,"value":"2024-02-01"},{"columnId":2894323533539204,"value":"Done",)"
    R"("displayValue":"Done"}]},{"id":6865355806140292,"rowNumber":2,"siblingId":2361756178769796,"expanded":true,)"
    R"("createdAt":"2024-01-15T09:32:00Z","modifiedAt":"2024-03-02T17:45:12Z","cells":[{"columnId":7960873114331012,)"
    R"("value":"Build the bench","displayValue":"Build the bench"},{"columnId":642523719853956,)"
    R"("value":"grace@example.com","displayValue":"Grace"},{"columnId":5146123347224452,"value":"2024-02-15"},)"
    R"({"columnId":2894323533539204,"value":"In progress","displayValue":"In progress"}]},{"id":1235856271927172,)"
    R"("rowNumber":3,"siblingId":6865355806140292,"expanded":true,"createdAt":"2024-01-15T09:33:00Z",)"
    R"("modifiedAt":"2024-03-02T17:45:12Z","cells":[{"columnId":7960873114331012,"value":"Measure it",)"
    R"("displayValue":"Measure it"},{"columnId":642523719853956,"value":"linus@example.com","displayValue":"Linus"},)"
    R"({"columnId":5146123347224452,"value":"2024-03-01"},{"columnId":2894323533539204,"value":"Not started",)"
    R"("displayValue":"Not started"}]}]})";

constexpr std::string_view user_body =
    R"({"id":48569348493401200,"email":"bench@example.com","firstName":"Bench","lastName":"User","locale":"en_US",)"
    R"("timeZone":"US/Pacific","account":{"id":96858199623,"name":"Bench Co"},"admin":false,"licensedSheetCreator":true,)"
    R"("groupAdmin":false,"resourceViewer":false,"sheetCount":3,"lastLogin":"2024-03-02T17:40:00Z"})";

constexpr std::string_view not_found_body =
    R"({"errorCode":1006,"message":"Not Found","refId":"bench-not-found"})";

}  // namespace bench

#endif
