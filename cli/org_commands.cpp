// leadpool init, users, pools, stage: the organisation.
#include <CLI/CLI.hpp>
#include <leadpool/json.hpp>

#include <iostream>
#include <fstream>
#include <memory>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "output.hpp"
#include "session.hpp"

namespace leadpool::cli {
namespace {

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
    return text;
}

OrgStage stage_named(const std::string& name) {
    const auto stage = parse_stage(name);
    if (!stage) throw UsageError("unknown stage '" + name + "' (factory_led, sales_led, marketing_led, all_staff)");
    return *stage;
}

struct UserOptions {
    User user;
    bool json = false;
};

void add_users(CLI::App& app, Session& session, int& result) {
    CLI::App* users = app.add_subcommand("users", "add and list users");
    users->require_subcommand(1);
    auto add = std::make_shared<UserOptions>();
    CLI::App* add_cmd = users->add_subcommand("add", "add a user (manage_users)");
    add_cmd->add_option("id", add->user.id, "the user id")->required();
    add_cmd->add_option("--name", add->user.name, "the name people see (张伟)")->required();
    add_cmd->add_option("--department", add->user.department, "the department");
    add_cmd->add_option("--role", add->user.roles, "roles, comma-separated (salesperson, director, ...)")
        ->delimiter(',')
        ->required();
    add_cmd->callback([&session, &result, add] {
        session.engine().add_user(session.as(), add->user);
        std::cout << "added user " << add->user.id << "\n";
        result = kExitOk;
    });
    auto list = std::make_shared<UserOptions>();
    CLI::App* list_cmd = users->add_subcommand("list", "list the users");
    list_cmd->add_flag("--json", list->json, "as JSON");
    list_cmd->callback([&session, &result, list] {
        const auto all = session.engine().users(session.as());
        if (list->json) {
            std::cout << to_json(all) << "\n";
        } else {
            std::vector<std::vector<std::string>> rows;
            for (const User& u : all) rows.push_back({u.id, u.name, u.department, joined(u.roles), u.active ? "yes" : "no"});
            print_table(std::cout, {"id", "name", "department", "roles", "active"}, rows);
        }
        result = kExitOk;
    });
}

struct PoolOptions {
    PoolSpec spec;
    std::string parent;
    std::string pool;
    std::string settings;  // JSON or @FILE
    bool json = false;
};

std::string json_argument(const std::string& text) {
    if (text.empty() || text[0] != '@') return text;
    std::ifstream in(text.substr(1));
    if (!in) throw UsageError(text.substr(1) + ": cannot be read");
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void add_pools(CLI::App& app, Session& session, int& result) {
    CLI::App* pools = app.add_subcommand("pools", "add, list and configure sub pools");
    pools->require_subcommand(1);
    auto add = std::make_shared<PoolOptions>();
    CLI::App* add_cmd = pools->add_subcommand("add", "add a sub pool (manage_pools)");
    add_cmd->add_option("name", add->spec.name, "the pool's name (华东)")->required();
    add_cmd->add_option("--parent", add->parent, "the parent pool, by name or id");
    add_cmd->add_option("--managers", add->spec.managers, "user ids, comma-separated")->delimiter(',');
    add_cmd->add_option("--members", add->spec.members, "user ids, comma-separated")->delimiter(',');
    add_cmd->callback([&session, &result, add] {
        Engine& engine = session.engine();
        if (!add->parent.empty()) add->spec.parent = find_pool(engine, session.as(), add->parent).id;
        const Pool pool = engine.create_pool(session.as(), add->spec);
        std::cout << "added pool " << pool.id << " " << pool.name << "\n";
        result = kExitOk;
    });
    auto list = std::make_shared<PoolOptions>();
    CLI::App* list_cmd = pools->add_subcommand("list", "list the pools");
    list_cmd->add_flag("--json", list->json, "as JSON");
    list_cmd->callback([&session, &result, list] {
        const auto all = session.engine().pools(session.as());
        if (list->json) {
            std::cout << to_json(all) << "\n";
        } else {
            std::vector<std::vector<std::string>> rows;
            for (const Pool& p : all) {
                rows.push_back({std::to_string(p.id), p.name, p.parent ? std::to_string(*p.parent) : "",
                                joined(p.managers), joined(p.members)});
            }
            print_table(std::cout, {"id", "name", "parent", "managers", "members"}, rows, {0});
        }
        result = kExitOk;
    });
    auto settings = std::make_shared<PoolOptions>();
    CLI::App* settings_cmd = pools->add_subcommand(
        "settings", "show a sub pool's settings, or set them (JSON, docs/json.md PoolSettings)");
    settings_cmd->add_option("pool", settings->pool, "the pool, by name or id")->required();
    settings_cmd->add_option("--set", settings->settings, "the settings as JSON, or @FILE");
    settings_cmd->callback([&session, &result, settings] {
        Engine& engine = session.engine();
        const Pool pool = find_pool(engine, session.as(), settings->pool);
        if (settings->settings.empty()) {
            std::cout << to_json(engine.pool_settings(session.as(), pool.id)) << "\n";
        } else {
            const PoolSettings set = pool_settings_from_json(json_argument(settings->settings));
            std::cout << to_json(engine.set_pool_settings(session.as(), pool.id, set)) << "\n";
        }
        result = kExitOk;
    });
}

}  // namespace

void add_org_commands(CLI::App& app, Session& session, int& result) {
    struct InitOptions {
        User user{"", "", "", {"director"}, true};
        std::string stage = "factory_led";
    };
    auto init = std::make_shared<InitOptions>();
    CLI::App* init_cmd = app.add_subcommand("init", "set up an empty store: the first user and the company's stage");
    init_cmd->add_option("--user", init->user.id, "the first user's id (default: --as)");
    init_cmd->add_option("--name", init->user.name, "their name")->required();
    init_cmd->add_option("--department", init->user.department, "their department");
    init_cmd->add_option("--role", init->user.roles, "their roles (one that may manage users and the organisation)")
        ->delimiter(',')
        ->capture_default_str();
    init_cmd->add_option("--stage", init->stage, "factory_led, sales_led, marketing_led or all_staff")
        ->capture_default_str();
    init_cmd->callback([&session, &result, init] {
        if (init->user.id.empty()) init->user.id = session.as();
        session.engine().initialize(init->user, stage_named(init->stage));
        std::cout << "initialised " << session.store_uri << ": first user " << init->user.id << ", stage " << init->stage
                  << "\n";
        result = kExitOk;
    });

    add_users(app, session, result);
    add_pools(app, session, result);

    auto stage = std::make_shared<std::string>();
    CLI::App* stage_cmd = app.add_subcommand("stage", "show or set the company's stage");
    stage_cmd->require_subcommand(1);
    CLI::App* set_cmd = stage_cmd->add_subcommand("set", "move the company to another stage (manage_org)");
    set_cmd->add_option("stage", *stage, "factory_led, sales_led, marketing_led or all_staff")->required();
    set_cmd->callback([&session, &result, stage] {
        session.engine().set_stage(session.as(), stage_named(*stage));
        std::cout << "stage " << *stage << "\n";
        result = kExitOk;
    });
    stage_cmd->add_subcommand("show", "print the stage")->callback([&session, &result] {
        std::cout << to_string(session.engine().stage()) << "\n";
        result = kExitOk;
    });
}

}  // namespace leadpool::cli
