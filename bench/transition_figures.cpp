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
        double engine_spent = 0;
        double raw_spent = 0;
        std::size_t moved = 0;
        for (std::size_t first = 0; first < w.leads; first += kBatch * step.every) {
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
        const double n = static_cast<double>(moved);
        out.push_back(rate(step.name, n / engine_spent, "leads/s", n / raw_spent));
    }
    require_same_rows(w);
    return out;
}

}  // namespace leadpool::bench
