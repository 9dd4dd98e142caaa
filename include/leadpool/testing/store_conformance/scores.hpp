// Store conformance, part of <leadpool/testing/store_conformance.hpp>: a lead's scores
// (leadpool/scoring.hpp) — replaced whole per lead, listed by model, round-tripped with the
// points each rule gave, found by when time next changes them, rolled back with their
// transaction, and a reader keeps its snapshot.
#pragma once

#include "leadpool/testing/store_conformance/helpers.hpp"

namespace leadpool::conformance {

inline LeadScore sample_score(LeadId lead, const std::string& model, std::int64_t points, Timestamp next_change) {
    LeadScore score;
    score.lead = lead;
    score.model = model;
    score.points = points;
    score.rules = {{"big company", points - 5}, {"ünïcode rule", 5}};
    score.scored_at = kStart + 3;
    score.next_change = next_change;
    return score;
}

inline std::string render(const std::vector<LeadScore>& scores) {
    std::string out;
    for (const LeadScore& s : scores) {
        out += std::to_string(s.lead) + " " + s.model + " " + std::to_string(s.points) + " [";
        for (const RulePoints& r : s.rules) out += r.rule + "=" + std::to_string(r.points) + ";";
        out += "] " + std::to_string(s.scored_at) + " " + std::to_string(s.next_change) + "\n";
    }
    return out;
}

inline void check_lead_scores(Store& store) {
    CHECK(store.read()->lead_scores(1).empty());
    const std::vector<LeadScore> first = {sample_score(1, "fit", 40, 0), sample_score(1, "engagement", -7, kStart + 50)};
    commit(store, [&](StoreWriter& w) {
        w.put_lead_scores(1, first);
        w.put_lead_scores(2, {sample_score(2, "fit", 10, kStart + 20)});
        w.put_lead_scores(3, {sample_score(3, "fit", 12, kStart + 90)});
        CHECK(render(w.lead_scores(1)) == render({first[1], first[0]}));  // the writer reads its own
    });
    CHECK(render(store.read()->lead_scores(1)) == render({first[1], first[0]}));  // by model
    CHECK(store.read()->scores_due(kStart + 19, 10).empty());
    CHECK(store.read()->scores_due(kStart + 20, 10) == std::vector<LeadId>{2});
    CHECK(store.read()->scores_due(kStart + 50, 10) == (std::vector<LeadId>{1, 2}));
    CHECK(store.read()->scores_due(kStart + 90, 2) == (std::vector<LeadId>{1, 2}));  // by id, at most limit
    CHECK(store.read()->scores_due(kStart + 90, 10) == (std::vector<LeadId>{1, 2, 3}));

    auto before = store.read();
    {
        auto w = store.write();
        w->put_lead_scores(1, {});
        CHECK(w->lead_scores(1).empty());
    }  // dropped: rolled back
    CHECK(store.read()->lead_scores(1).size() == 2);
    // Replaced whole: the model left out goes, and with it the time it was due.
    commit(store, [&](StoreWriter& w) { w.put_lead_scores(1, {sample_score(1, "fit", 45, 0)}); });
    CHECK(render(store.read()->lead_scores(1)) == render({sample_score(1, "fit", 45, 0)}));
    CHECK(store.read()->scores_due(kStart + 90, 10) == (std::vector<LeadId>{2, 3}));
    CHECK(render(before->lead_scores(1)) == render({first[1], first[0]}));  // a reader keeps its snapshot
}

}  // namespace leadpool::conformance
