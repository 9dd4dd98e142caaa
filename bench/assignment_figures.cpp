// Pool mechanics at team scale: routing the master pool into a sub pool, then assigning its
// unowned leads over 100 salespeople round-robin, in one operation each.
#include <string>

#include "figure.hpp"

namespace leadpool::bench {
namespace {

constexpr std::size_t kTeamLeads = 100'000;
constexpr int kSalespeople = 100;

}  // namespace

std::vector<Measurement> team_figures(Engine& engine, std::size_t leads, const std::string& suffix) {
    engine.initialize(User{kActor, "The Boss", "management", {"director"}, true}, OrgStage::sales_led);
    PoolSpec spec{"team", std::nullopt, {kActor}, {}};
    for (int i = 0; i < kSalespeople; ++i) {
        const std::string id = "seller-" + std::to_string(i);
        engine.add_user(kActor, User{id, id, "sales", {"salesperson"}, true});
        spec.members.push_back(id);
    }
    const PoolId pool = engine.create_pool(kActor, spec).id;
    engine.set_routing(kActor, RoutingTable{{}, pool});
    for (std::size_t first = 0; first < leads; first += kBatch) {
        engine.capture_batch(kActor, lead_batch(first, std::min(kBatch, leads - first)));
    }

    const double route = seconds([&] { engine.route(kActor, RouteRequest{{}, true}); });
    AssignResult assigned;
    const Timing assign = timed([&] { assigned = engine.assign(kActor, AssignRequest{pool, {}, false}); });
    if (assigned.assigned.size() != leads) throw std::runtime_error("bench: assign left leads unassigned");

    const std::string count = std::to_string(leads / 1000) + "k";
    std::vector<Measurement> out = {cost("route_" + count + "_into_sub_pool" + suffix, route * 1000, "ms")};
    const std::string assign_name = "assign_" + count + "_over_100_salespeople" + suffix;
    // The 1 s target is the embedded store's, at the full 100k.
    out.push_back(suffix.empty() && leads == kTeamLeads ? cost(assign_name, assign.wall * 1000, "ms", {},
                                             Target{Target::Of::value, Target::Op::at_most, 1000})
                                      : cost(assign_name, assign.wall * 1000, "ms"));
    out.push_back(cost(assign_name + "_cpu", assign.cpu * 1000, "ms"));
    return out;
}

std::vector<Measurement> distribute_over_team(Workload& w) {
    const std::size_t leads = std::min(w.leads, kTeamLeads);
    const std::string file = (w.dir / "team.db").string();
    remove_database(file);
    auto engine = bench_engine(file);
    auto out = team_figures(*engine, leads, "");
    engine.reset();
    remove_database(file);
    return out;
}

}  // namespace leadpool::bench
