// Each lead's scores kept current and explained (include/leadpool/scoring.hpp).
#include "lead_scores.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "config.hpp"
#include "lead_group.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;

bool any_rule(const ScoringRules& rules, bool (*wants)(const ScoringRule&)) {
    for (const ScoringModel& model : rules.models) {
        for (const ScoringRule& rule : model.rules) {
            if (wants(rule)) return true;
        }
    }
    return false;
}

json rules_json(const std::vector<RulePoints>& rules) {
    json out = json::array();
    for (const RulePoints& rule : rules) out.push_back({{"rule", rule.rule}, {"points", rule.points}});
    return out;
}

const LeadScore* find_model(const std::vector<LeadScore>& scores, const std::string& model) {
    for (const LeadScore& score : scores) {
        if (score.model == model) return &score;
    }
    return nullptr;
}

// A history row of action `score`: the lead stays where it is (no move, no funnel step).
void record_score_change(StoreWriter& store, const Lead& lead, const std::string& model, const LeadScore* before,
                         const LeadScore* after, const UserId& actor, Timestamp now) {
    HistoryEntry row;
    row.lead = lead.id;
    row.action = Action::score;
    row.actor = actor;
    row.at = now;
    row.from_tier = row.to_tier = lead.tier;
    row.from_pool = row.to_pool = lead.pool;
    row.from_owner = row.to_owner = lead.owner;
    row.reason = "score '" + model + "'";
    row.detail = json{{"model", model},
                      {"from", before ? json(before->points) : json()},
                      {"to", after ? json(after->points) : json()},
                      {"rules", after ? rules_json(after->rules) : json::array()}}
                     .dump();
    store.append_history(row);
}

}  // namespace

std::int64_t rescore_lead(StoreWriter& store, const ScoringRules& rules, LeadId id, const UserId& actor,
                          Timestamp now) {
    const auto lead = store.lead(id);
    if (!lead) return 0;
    const std::vector<LeadScore> stored = store.lead_scores(id);
    std::vector<LeadScore> scores;
    if (lead->merged_into == 0 && !rules.models.empty()) {
        const std::vector<LeadId> group = group_of(store, id);
        const bool wants_events = any_rule(rules, [](const ScoringRule& r) { return r.event.has_value(); });
        const bool wants_referrals = any_rule(rules, [](const ScoringRule& r) { return r.referrals.has_value(); });
        const std::vector<LeadEvent> events = wants_events ? group_events(store, group) : std::vector<LeadEvent>{};
        std::vector<Lead> referred;
        if (wants_referrals) {
            LeadSelection by_group;
            by_group.referred_by = group;
            by_group.visible_if = {VisibilityClause{}};
            referred = store.leads(by_group, 0, std::numeric_limits<std::size_t>::max());
        }
        const ScoringInput input{&*lead, &events, &referred};
        for (const ScoringModel& model : rules.models) scores.push_back(score_lead(model, input, now));
    }

    std::int64_t changed = 0;
    bool rewrite = stored.size() != scores.size();
    for (const LeadScore& score : scores) {
        const LeadScore* before = find_model(stored, score.model);
        if (!before || before->points != score.points) {
            ++changed;
            record_score_change(store, *lead, score.model, before, &score, actor, now);
        }
        rewrite = rewrite || !before || before->points != score.points || !(before->rules == score.rules) ||
                  before->next_change != score.next_change;
    }
    for (const LeadScore& before : stored) {
        if (find_model(scores, before.model)) continue;
        ++changed;
        record_score_change(store, *lead, before.model, &before, nullptr, actor, now);
    }
    if (rewrite) store.put_lead_scores(id, scores);
    return changed;
}

void rescore_touched(ChangeRecorder& recorder) {
    const std::set<LeadId> touched = recorder.touched_leads();
    if (touched.empty()) return;
    const auto rules = config::scoring_rules(recorder);
    // Without models no lead has a score: the rescore that removed the last model took them.
    if (rules->models.empty()) return;
    std::set<LeadId> leads;
    for (LeadId id : touched) {
        const auto lead = recorder.lead(id);
        if (!lead) continue;
        leads.insert(id);  // an absorbed lead's own scores go
        const Lead root = resolved_lead(recorder, id);
        leads.insert(root.id);
        if (root.referred_by != 0) leads.insert(resolved_lead(recorder, root.referred_by).id);
    }
    for (LeadId id : leads) rescore_lead(recorder, *rules, id, recorder.actor(), recorder.now());
}

std::int64_t rescore_due(const Operation& op) {
    const auto rules = config::scoring_rules(op.store);
    std::int64_t leads = 0;
    while (true) {
        const std::vector<LeadId> due = op.store.scores_due(op.now, kRescoreBatch);
        for (LeadId id : due) rescore_lead(op.store, *rules, id, op.actor(), op.now);
        leads += static_cast<std::int64_t>(due.size());
        if (due.size() < kRescoreBatch) return leads;
    }
}

std::vector<LeadScore> scores(const Reading& reading, LeadId id) {
    const Lead lead = lead_for(reading.access, reading.store, id, Action::read);
    return reading.store.lead_scores(lead.id);
}

}  // namespace leadpool::detail
