// Store conformance, part of <leadpool/testing/store_conformance.hpp>: a lead's scores
// (leadpool/scoring.hpp) — replaced whole per lead, listed by model, round-tripped with the
// points each rule gave, found by when time next changes them, rolled back with their
// transaction, and a reader keeps its snapshot.
#pragma once

#include <map>

#include "leadpool/testing/store_conformance/helpers.hpp"
#include "leadpool/testing/store_conformance/lead_lists.hpp"

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

// leads(), lead_ids() and funnel() with a score range agree with selection_matches given each
// lead's scores: both bounds inclusive, a lead without a score in the model never in range.
inline void check_score_ranges(Store& store) {
    std::vector<Lead> all;
    commit(store, [&](StoreWriter& w) {
        for (int i = 0; i < 6; ++i) {
            Lead lead = simple_lead("s" + std::to_string(i));
            lead.tier = i % 2 ? Tier::sub : Tier::master;
            lead.reached |= tier_bit(lead.tier);
            all.push_back(as_stored(lead, w.insert_lead(lead)));
        }
        // Lead i scores 10 * i in "fit"; lead 5 has no "fit" score, only "engagement".
        for (int i = 0; i < 5; ++i) w.put_lead_scores(all[i].id, {sample_score(all[i].id, "fit", 10 * i, 0)});
        w.put_lead_scores(all[5].id, {sample_score(all[5].id, "engagement", 20, 0)});
    });
    auto reader = store.read();
    const auto check_range = [&](std::optional<std::int64_t> min, std::optional<std::int64_t> max,
                                 const std::string& model) {
        LeadSelection selection = everything();
        selection.score = ScoreRange{model, min, max};
        std::vector<Lead> expected;
        std::map<std::pair<Tier, TierMask>, std::int64_t> counts;
        for (const Lead& lead : all) {
            if (!selection_matches(selection, lead, reader->lead_scores(lead.id))) continue;
            expected.push_back(lead);
            ++counts[{lead.tier, lead.reached}];
        }
        check_same_leads(reader->leads(selection, 0, kNoLimit), expected);
        CHECK(reader->lead_ids(selection, 0, kNoLimit).size() == expected.size());
        std::int64_t counted = 0;
        for (const FunnelCell& cell : reader->funnel(selection)) {
            CHECK(cell.count == counts[{cell.tier, cell.reached}]);
            counted += cell.count;
        }
        CHECK(counted == static_cast<std::int64_t>(expected.size()));
        return expected.size();
    };
    CHECK(check_range(10, 30, "fit") == 3);
    CHECK(check_range(std::nullopt, 0, "fit") == 1);
    CHECK(check_range(25, std::nullopt, "fit") == 2);
    CHECK(check_range(std::nullopt, std::nullopt, "fit") == 5);
    CHECK(check_range(std::nullopt, std::nullopt, "engagement") == 1);
    CHECK(check_range(std::nullopt, std::nullopt, "nobody") == 0);
}

// sorted_leads() by score: by the points of the sort's model, ties by id, both ways round, paged
// by cursor; a lead without a score in the model is left out; with the other filters, a score
// range of another model among them; in a writer's view of its own scores as after commit.
inline void check_score_sorts(Store& store) {
    std::vector<Lead> all;
    ScoresByLead scores;
    const auto add = [&](StoreWriter& w, int from, int to) {
        for (int i = from; i < to; ++i) {
            Lead lead = simple_lead("sorted" + std::to_string(i));
            lead.tier = i % 3 ? Tier::sub : Tier::master;
            lead.reached |= tier_bit(lead.tier);
            all.push_back(as_stored(lead, w.insert_lead(lead)));
            const LeadId id = all.back().id;
            // Points repeat (ties broken by id) and go below zero; every seventh lead has no
            // "fit" score, every second an "engagement" one.
            std::vector<LeadScore> held;
            if (i % 7 != 3) held.push_back(sample_score(id, "fit", (i * 37) % 11 - 4, 0));
            if (i % 2 == 0) held.push_back(sample_score(id, "engagement", i, 0));
            if (!held.empty()) w.put_lead_scores(id, held);
            scores[id] = held;
        }
    };
    const auto check_all = [&](StoreReader& reader) {
        LeadSelection sub_only = everything();
        sub_only.tiers = tier_bit(Tier::sub);
        LeadSelection engaged = everything();
        engaged.score = ScoreRange{"engagement", 4, std::nullopt};
        for (const LeadSelection& selection : {everything(), sub_only, engaged}) {
            for (const bool descending : {false, true}) {
                check_sorted_by(reader, all, selection, LeadSort{LeadSortKey::score, descending, "fit"}, scores);
                check_sorted_by(reader, all, selection, LeadSort{LeadSortKey::score, descending, "engagement"},
                                scores);
                CHECK(reader.sorted_leads(selection, {LeadSort{LeadSortKey::score, descending, "nobody"}, {}}, 10)
                          .empty());
            }
        }
    };
    commit(store, [&](StoreWriter& w) { add(w, 0, 12); });
    {
        auto w = store.write();
        add(*w, 12, 24);
        check_all(*w);
        w->commit();
    }
    check_all(*store.read());
}

}  // namespace leadpool::conformance
