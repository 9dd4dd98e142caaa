// The scoring rules checked and kept, and the rescore of every lead after they change, in
// batches of kRescoreBatch leads, each its own transaction (the shape of rekey.cpp).
#include <nlohmann/json.hpp>
#include <set>

#include "config.hpp"
#include "lead_data.hpp"
#include "lead_scores.hpp"
#include "leadpool/json.hpp"
#include "leadpool/limits.hpp"
#include "organisation.hpp"
#include "routing_rules.hpp"

namespace leadpool::detail {
namespace {

// Points and days are bounded so that a sum over every rule, and a decay's product, stay far
// from overflow.
constexpr std::int64_t kMaxPoints = 1000000000;
constexpr std::int64_t kMaxDays = 36500;

[[noreturn]] void bad(const std::string& where, const std::string& what,
                      ErrorCode code = ErrorCode::invalid_argument) {
    throw Error(code, "scoring: " + where + ": " + what);
}

void check_count(std::size_t count, std::size_t limit, const std::string& where, const char* what) {
    if (count > limit) {
        bad(where, std::to_string(count) + " " + what + ": at most " + std::to_string(limit),
            ErrorCode::limit_exceeded);
    }
}

void check_range(std::int64_t value, std::int64_t min, std::int64_t max, const std::string& where) {
    if (value < min || value > max) {
        bad(where, std::to_string(value) + " is out of range " + std::to_string(min) + ".." + std::to_string(max));
    }
}

void check_conditions(const std::vector<RuleCondition>& conditions, const std::string& where, ConditionOn on) {
    check_count(conditions.size(), kMaxRuleConditions, where, "conditions");
    for (std::size_t c = 0; c < conditions.size(); ++c) {
        check_condition(conditions[c], "scoring: " + where + "[" + std::to_string(c) + "]", on);
    }
}

ScoringRule checked_rule(const ScoringRule& rule, const std::string& where) {
    ScoringRule out = rule;
    out.name = checked_name(rule.name, "scoring rule name");
    check_range(rule.points, -kMaxPoints, kMaxPoints, where + ".points");
    check_conditions(rule.when, where + ".when", ConditionOn::lead);
    if (rule.event) {
        out.event->type = checked_name(rule.event->type, "scoring event type");
        check_conditions(rule.event->payload, where + ".event.payload", ConditionOn::payload);
        check_range(rule.event->at_least, 1, static_cast<std::int64_t>(kMaxBatchSize), where + ".event.at_least");
        if (rule.event->within_days) check_range(*rule.event->within_days, 1, kMaxDays, where + ".event.within_days");
    }
    if (rule.referrals) {
        check_range(rule.referrals->at_least, 1, kMaxPoints, where + ".referrals.at_least");
        if (rule.referrals->reached && static_cast<int>(*rule.referrals->reached) >= kTierCount) {
            bad(where + ".referrals.reached", "unknown tier");
        }
    }
    if (rule.decay_days) {
        if (!rule.event) bad(where + ".decay_days", "decay applies to rules with an event condition only");
        check_range(*rule.decay_days, 1, kMaxDays, where + ".decay_days");
    }
    return out;
}

ScoringModel checked_model(const ScoringModel& model, const std::string& where) {
    ScoringModel out = model;
    out.name = checked_name(model.name, "scoring model name");
    check_count(model.rules.size(), kMaxScoringRules, where + ".rules", "rules");
    std::set<std::string> names;
    for (std::size_t r = 0; r < model.rules.size(); ++r) {
        const std::string at = where + ".rules[" + std::to_string(r) + "]";
        out.rules[r] = checked_rule(model.rules[r], at);
        if (!names.insert(out.rules[r].name).second) {
            bad(at + ".name", "rule name '" + out.rules[r].name + "' appears twice");
        }
    }
    if (model.cap) check_range(*model.cap, -kMaxPoints, kMaxPoints, where + ".cap");
    if (model.floor) check_range(*model.floor, -kMaxPoints, kMaxPoints, where + ".floor");
    if (model.cap && model.floor && *model.floor > *model.cap) bad(where, "floor is above cap");
    return out;
}

nlohmann::json counts_json(const RescoreReport& counts) {
    return {{"leads", counts.leads}, {"changed", counts.changed}};
}

}  // namespace

ScoringRules checked_scoring_rules(const ScoringRules& rules) {
    check_count(rules.models.size(), kMaxScoringModels, "models", "models");
    ScoringRules out;
    std::set<std::string> names;
    for (std::size_t m = 0; m < rules.models.size(); ++m) {
        const std::string at = "models[" + std::to_string(m) + "]";
        out.models.push_back(checked_model(rules.models[m], at));
        if (!names.insert(out.models.back().name).second) {
            bad(at + ".name", "model name '" + out.models.back().name + "' appears twice");
        }
    }
    return out;
}

void set_scoring_rules(const Operation& op, const ScoringRules& rules) {
    config::set_scoring_rules(op.store, rules);
    config::set_rescore_progress(op.store, config::RescoreProgress{});
    record_org_event(op, OrgEventKind::scoring_changed, nlohmann::json::parse(to_json(rules)));
}

bool rescore_batch(const Operation& op, RescoreReport& report) {
    auto progress = config::rescore_progress(op.store);
    if (!progress) return false;
    const auto rules = config::scoring_rules(op.store);
    LeadSelection every_lead;
    every_lead.visible_if = {VisibilityClause{}};
    const std::vector<LeadId> ids = op.store.lead_ids(every_lead, progress->after, kRescoreBatch);
    for (LeadId id : ids) {
        progress->counts.changed += rescore_lead(op.store, *rules, id, op.actor(), op.now);
        ++progress->counts.leads;
    }
    if (!ids.empty()) progress->after = ids.back();
    report = progress->counts;
    report.needed = true;
    if (ids.size() == kRescoreBatch) {
        config::set_rescore_progress(op.store, *progress);
        return true;
    }
    config::end_rescore(op.store);
    record_org_event(op, OrgEventKind::scores_rescored, counts_json(progress->counts));
    return false;
}

}  // namespace leadpool::detail
