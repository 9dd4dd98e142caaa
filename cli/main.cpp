// leadpool — the command-line tool: a host of the library for operators and data people.
// Each command lives in the file of its concept; exit codes are in exit_codes.hpp.
#include <CLI/CLI.hpp>
#include <leadpool/error.hpp>
#include <leadpool/version.hpp>

#include <iostream>

#include "commands.hpp"
#include "csv_reader.hpp"
#include "exit_codes.hpp"
#include "session.hpp"

int main(int argc, char** argv) {
    using namespace leadpool::cli;
    std::ios::sync_with_stdio(false);

    CLI::App app{"leadpool: the lead pool from the command line (import, export, funnel, report, jobs)", "leadpool"};
    app.require_subcommand(1);
    app.fallthrough();  // the global options (--store, --as, --now, ...) after a command too
    app.set_version_flag("--version", std::string(leadpool::version()));
    Session session;
    session.add_options(app);
    int result = kExitOk;
    add_org_commands(app, session, result);
    add_import_command(app, session, result);
    add_export_command(app, session, result);
    add_funnel_command(app, session, result);
    add_times_command(app, session, result);
    add_report_command(app, session, result);
    add_owner_commands(app, session, result);
    add_work_commands(app, session, result);
    add_scoring_commands(app, session, result);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);  // prints help, the version or the error
        return code == 0 ? kExitOk : kExitUsage;
    } catch (const UsageError& e) {
        std::cerr << "leadpool: " << e.what() << "\n";
        return kExitUsage;
    } catch (const InputError& e) {
        std::cerr << "leadpool: " << e.what() << "\n";
        return kExitUsage;
    } catch (const leadpool::Error& e) {
        std::cerr << "leadpool: " << to_string(e.code()) << ": " << e.what() << "\n";
        return exit_code_for(e.code());
    } catch (const std::exception& e) {
        std::cerr << "leadpool: " << e.what() << "\n";
        return kExitFailure;
    }
    std::cout.flush();
    return std::cout ? result : kExitFailure;
}
