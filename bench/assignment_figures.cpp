// Pool mechanics at team scale: routing the master pool into a sub pool, then assigning its
// unowned leads over 100 salespeople round-robin, in one operation each. On SQLite the routing is
// measured against a raw loop doing the same rule match and row writes by hand.
#include <nlohmann/json.hpp>
#include <string>

#include "figure.hpp"
#include "raw_sqlite.hpp"

namespace leadpool::bench {
namespace {

constexpr std::size_t kTeamLeads = 100'000;
constexpr int kSalespeople = 100;
// The routing table: one rule on an attribute (2% of the leads), the default pool for the rest.
constexpr const char* kCityRule = "city-7";

}  // namespace

PoolId set_up_team(Engine& engine, std::size_t leads) {
    engine.initialize(User{kActor, "The Boss", "management", {"director"}, true}, OrgStage::sales_led);
    PoolSpec spec{"team", std::nullopt, {kActor}, {}};
    for (int i = 0; i < kSalespeople; ++i) {
        const std::string id = "seller-" + std::to_string(i);
        engine.add_user(kActor, User{id, id, "sales", {"salesperson"}, true});
        spec.members.push_back(id);
    }
    const PoolId pool = engine.create_pool(kActor, spec).id;
    RoutingTable table;
    table.rules = {
        RoutingRule{kCityRule, pool, {{"attributes.city", RuleOperator::equals, {kCityRule}, {}, {}}}}};
    table.default_pool = pool;
    engine.set_routing(kActor, table);
    for (std::size_t first = 0; first < leads; first += kBatch) {
        engine.capture_batch(kActor, lead_batch(first, std::min(kBatch, leads - first)));
    }
    return pool;
}

std::vector<Measurement> team_figures(Engine& engine, PoolId pool, std::size_t leads,
                                      const std::string& suffix, std::optional<double> raw_route_seconds,
                                      const std::function<void()>& after_route) {
    const double route = seconds([&] { engine.route(kActor, RouteRequest{{}, true}); });
    if (after_route) after_route();
    AssignResult assigned;
    const Timing assign = timed([&] { assigned = engine.assign(kActor, AssignRequest{pool, {}, false}); });
    if (assigned.assigned.size() != leads) throw std::runtime_error("bench: assign left leads unassigned");

    const std::string count = std::to_string(leads / 1000) + "k";
    std::optional<double> raw_route_ms;
    if (raw_route_seconds) raw_route_ms = *raw_route_seconds * 1000;
    // Against the raw loop: the same rule match and row writes by hand.
    std::optional<Target> route_target;
    if (raw_route_ms) route_target = Target{Target::Of::ratio, Target::Op::at_least, 0.7};
    std::vector<Measurement> out = {
        cost("route_" + count + "_into_sub_pool" + suffix, route * 1000, "ms", raw_route_ms, route_target)};
    const std::string assign_name = "assign_" + count + "_over_100_salespeople" + suffix;
    // The 1 s target is the embedded store's, at the full 100k.
    out.push_back(suffix.empty() && leads == kTeamLeads
                      ? cost(assign_name, assign.wall * 1000, "ms", {},
                             Target{Target::Of::value, Target::Op::at_most, 1000})
                      : cost(assign_name, assign.wall * 1000, "ms"));
    out.push_back(cost(assign_name + "_cpu", assign.cpu * 1000, "ms"));
    return out;
}

// The routing by hand on a copy of the file: each master lead's city read and matched against
// the rule, the lead moved with the history row and change the engine writes.
double raw_route_seconds(const std::string& file, PoolId pool) {
    RawSqlite raw(file, "FULL");
    return seconds([&] {
        raw.begin();
        sqlite3_stmt* unrouted = nullptr;
        sqlite3_prepare_v2(
            raw.db(),
            "SELECT id, attributes->>'city' FROM leads WHERE tier = 0 AND merged_into = 0 ORDER BY id", -1,
            &unrouted, nullptr);
        std::vector<std::pair<std::int64_t, bool>> leads;
        while (sqlite3_step(unrouted) == SQLITE_ROW) {
            const auto* city = reinterpret_cast<const char*>(sqlite3_column_text(unrouted, 1));
            leads.emplace_back(sqlite3_column_int64(unrouted, 0),
                               city != nullptr && std::string(city) == kCityRule);
        }
        sqlite3_finalize(unrouted);
        const std::string by_rule = nlohmann::json{{"default", false}, {"rule", kCityRule}}.dump();
        const std::string by_default = nlohmann::json{{"default", true}, {"rule", nullptr}}.dump();
        for (const auto& [lead, matched] : leads) {
            raw.move(lead, Action::route, Tier::sub, pool, "",
                     matched ? std::string("routing: rule '") + kCityRule + "'" : "routing: default pool",
                     matched ? by_rule : by_default);
        }
        raw.commit();
    });
}

std::vector<Measurement> distribute_over_team(Workload& w) {
    const std::size_t leads = std::min(w.leads, kTeamLeads);
    const std::string file = (w.dir / "team.db").string();
    const std::string raw_file = (w.dir / "team-raw.db").string();
    remove_database(file);
    remove_database(raw_file);
    auto engine = bench_engine(file);
    const PoolId pool = set_up_team(*engine, leads);
    RawSqlite(file, "FULL").rows("VACUUM INTO ?", {}, {raw_file});  // the same leads, before routing
    const double raw_seconds = raw_route_seconds(raw_file, pool);
    auto out = team_figures(*engine, pool, leads, "", raw_seconds, [&] {
        require_same_rows(file, raw_file, {"leads", "history", "changes", "funnel_counts"});
    });
    engine.reset();
    remove_database(raw_file);
    remove_database(file);
    return out;
}

}  // namespace leadpool::bench
