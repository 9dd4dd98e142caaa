// Batch transitions over every lead: distribute all, qualify half, win an eighth — against the
// raw loop reading each lead's place, updating it and appending the history row.
#include "figure.hpp"
#include "raw_sqlite.hpp"

namespace leadpool::bench {
namespace {

// One step of the funnel over the generated leads: which leads move, and where to.
struct Step {
    const char* name;
    Action action;
    Tier to;
    std::size_t every;  // lead i (0-based) moves when i % every == 0
};

constexpr Step kSteps[] = {
    {"transition_distribute", Action::distribute, Tier::sub, 1},
    {"transition_qualify", Action::qualify, Tier::opportunity, 2},
    {"transition_win", Action::win, Tier::order, 8},
};

TransitionRequest request(const Company& company, const Step& step, std::size_t i) {
    const LeadId lead = static_cast<LeadId>(i + 1);
    if (step.action != Action::distribute) return {lead, step.action, {}, {}, {}, 0};
    return TransitionRequest::distribute(lead, company.leaves[i % 4], company.sellers[i % 4]);
}

}  // namespace

std::vector<Measurement> batch_transitions(Workload& w) {
    auto engine = bench_engine(w.engine_file());
    RawSqlite raw(w.raw_file(), "FULL");
    std::vector<Measurement> out;
    for (const Step& step : kSteps) {
        // The step's batches in kRuns runs of consecutive batches, each batch moved by the engine
        // and then by the raw loop, so a run's ratio compares work done side by side.
        const std::size_t span = kBatch * step.every;
        const std::size_t batches = (w.leads + span - 1) / span;
        std::vector<Run> runs(std::min<std::size_t>(kRuns, batches));
        std::vector<std::size_t> moved_in(runs.size());
        std::vector<double> engine_in(runs.size()), raw_in(runs.size());
        for (std::size_t first = 0, index = 0; first < w.leads; first += span, ++index) {
            const std::size_t run = index * runs.size() / batches;
            double& engine_spent = engine_in[run];
            double& raw_spent = raw_in[run];
            std::size_t& moved = moved_in[run];
            std::vector<TransitionRequest> batch;
            for (std::size_t i = first; i < std::min(w.leads, first + kBatch * step.every); i += step.every) {
                batch.push_back(request(w.company, step, i));
            }
            moved += batch.size();
            engine_spent += seconds([&] { engine->transition_batch(kActor, batch); });
            raw_spent += seconds([&] {
                raw.begin();
                for (const TransitionRequest& r : batch) {
                    const std::size_t i = static_cast<std::size_t>(r.lead - 1);
                    // Qualify and win keep the pool and owner distribute gave the lead.
                    raw.move(r.lead, step.action, step.to, w.company.leaves[i % 4], w.company.sellers[i % 4]);
                }
                raw.commit();
            });
        }
        for (std::size_t run = 0; run < runs.size(); ++run) {
            const double n = static_cast<double>(moved_in[run]);
            runs[run] = Run{n / engine_in[run], n / raw_in[run], std::nullopt};
        }
        out.push_back(
            rate(step.name, std::move(runs), "leads/s", Target{Target::Of::ratio, Target::Op::at_least, 0.8}));
    }
    require_same_rows(w);
    return out;
}

}  // namespace leadpool::bench
