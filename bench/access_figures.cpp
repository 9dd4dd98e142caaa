// Permission checks, and what the C ABI adds to a C++ call.
#include <leadpool.h>

#include <stdexcept>

#include "access.hpp"
#include "actor_cache.hpp"
#include "figure.hpp"
#include "leadpool/json.hpp"

namespace leadpool::bench {
namespace {

constexpr int kCheckRounds = 1000;
constexpr int kResolutions = 10000;
constexpr int kCalls = 20000;

double micros_each(int calls, double spent) { return spent * 1e6 / calls; }

}  // namespace

// The check every lead operation makes — the stage's policy evaluated for the actor's roles and
// scope on the lead — and resolving the actor that precedes it: through the engine's cache, with
// resolving from the store (their user row and the pool tree) as the baseline.
std::vector<Measurement> permission_check(Workload& w) {
    auto store = open_sqlite_store(w.engine_file());
    auto reader = store->read();
    LeadSelection every;
    every.visible_if = {VisibilityClause{}};
    const std::vector<Lead> leads = reader->leads(every, 0, 1000);
    const Policy& policy = Policy::default_for(OrgStage::sales_led);
    const UserId actor = "north-manager";  // managed_pools: the scope that walks the pool tree
    const detail::Access access(*reader, policy, actor);
    std::size_t allowed = 0;
    const int checked = kCheckRounds * static_cast<int>(leads.size());
    std::vector<Run> checks;
    for (int run = 0; run < kRuns; ++run) {
        const double spent = seconds([&] {
            for (int round = 0; round < kCheckRounds; ++round) {
                for (const Lead& lead : leads) allowed += access.allows(Action::qualify, lead) ? 1 : 0;
            }
        });
        checks.push_back({micros_each(checked, spent), std::nullopt, std::nullopt});
    }
    if (allowed == 0) throw std::runtime_error("bench: the manager may qualify none of the leads");
    // What each operation pays: the organisation version read from the file, then the cache;
    // resolving from the file each time is the baseline.
    detail::ActorCache cache;
    const auto resolve = [&] {
        return detail::ResolvedActor{{std::shared_ptr<void>(), &policy},
                                     detail::Access(*reader, policy, actor)};
    };
    std::vector<Run> resolutions;
    for (int run = 0; run < kRuns; ++run) {
        const double cached = seconds([&] {
            for (int i = 0; i < kResolutions; ++i) cache.get(*reader, actor, resolve);
        });
        const double from_file = seconds([&] {
            for (int i = 0; i < kResolutions; ++i) detail::Access(*reader, policy, actor);
        });
        resolutions.push_back({micros_each(kResolutions, cached), micros_each(kResolutions, from_file), std::nullopt});
    }
    return {cost("permission_check", std::move(checks), "us", Target{Target::Of::value, Target::Op::at_most, 1}),
            cost("permission_actor_resolution_sqlite", std::move(resolutions), "us")};
}

// The same calls on the same file, through Engine and through leadpool.h: the baseline is the
// C++ call, the value the C call (its argument checks, JSON out, status and last error).
std::vector<Measurement> c_abi_overhead(Workload& w) {
    auto engine = bench_engine(w.engine_file());
    lp_engine* c_engine = nullptr;
    if (lp_engine_open(&c_engine, ("sqlite:" + w.engine_file()).c_str(), nullptr) != LP_OK) {
        throw std::runtime_error(std::string("bench: ") + lp_last_error());
    }
    const LeadId lead = 5;  // an opportunity of the first seller
    const UserId seller = w.company.sellers[0];
    // Each run: the C call's kCalls, then the C++ call's beside them.
    const auto micros_per_call = [](const auto& calls) {
        return micros_each(kCalls, seconds([&] {
                               for (int i = 0; i < kCalls; ++i) calls();
                           }));
    };
    bool may = false;
    int c_may = 0;
    lp_status status = LP_OK;
    std::size_t bytes = 0;
    const Lead read = engine->lead(seller, lead);
    std::size_t text = 0;
    std::vector<Run> can_runs, get_runs, json_runs;
    for (int run = 0; run < kRuns; ++run) {
        const double c_can = micros_per_call([&] {
            if (status == LP_OK) status = lp_lead_can(&c_may, c_engine, seller.c_str(), "win", lead);
        });
        can_runs.push_back({c_can, micros_per_call([&] { may = engine->can(seller, Action::win, lead); }), {}});
        const double c_get = micros_per_call([&] {
            char* json = nullptr;
            if (status == LP_OK) status = lp_lead_get(&json, c_engine, seller.c_str(), lead);
            lp_free(json);
        });
        get_runs.push_back(
            {c_get, micros_per_call([&] { bytes += engine->lead(seller, lead).attributes.size(); }), {}});
        // What lp_lead_get adds of its own: the lead's JSON text, alone.
        json_runs.push_back({micros_per_call([&] { text += to_json(read).size(); }), std::nullopt, std::nullopt});
    }
    lp_engine_close(c_engine);
    if (status != LP_OK || !may || c_may != 1 || bytes == 0 || text == 0)
        throw std::runtime_error("bench: the C and C++ calls disagree");
    return {cost("c_abi_can", std::move(can_runs), "us"), cost("c_abi_lead_get", std::move(get_runs), "us"),
            cost("c_abi_lead_json", std::move(json_runs), "us", Target{Target::Of::value, Target::Op::at_most, 5})};
}

}  // namespace leadpool::bench
