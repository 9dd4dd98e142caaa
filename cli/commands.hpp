// leadpool CLI — every command adds itself to the app; its callback stores its exit code.
#pragma once

namespace CLI {
class App;
}

namespace leadpool::cli {

struct Session;

void add_org_commands(CLI::App& app, Session& session, int& result);     // init, users, pools, stage
void add_import_command(CLI::App& app, Session& session, int& result);   // import
void add_export_command(CLI::App& app, Session& session, int& result);   // export
void add_funnel_command(CLI::App& app, Session& session, int& result);   // funnel
void add_times_command(CLI::App& app, Session& session, int& result);    // times
void add_report_command(CLI::App& app, Session& session, int& result);   // report
void add_owner_commands(CLI::App& app, Session& session, int& result);   // collisions, holdings, share
void add_work_commands(CLI::App& app, Session& session, int& result);    // routing, route, assign, ...
void add_scoring_commands(CLI::App& app, Session& session, int& result); // scoring, scores

}  // namespace leadpool::cli
