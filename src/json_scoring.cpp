// The JSON shapes of lead scoring (docs/json.md): the scoring rules, a lead's scores and the
// rescore report.
#include "json_conditions.hpp"
#include "json_support.hpp"
#include "leadpool/json.hpp"

namespace leadpool {
namespace {

using namespace json_support;

EventCondition read_event(const json& value, const Place& place) {
    const Object o(value, place, {"type", "payload", "at_least", "within_days"});
    EventCondition event;
    event.type = o.string("type");
    o.optional("payload", event.payload, array_of(read_condition));
    o.optional("at_least", event.at_least, Object::as_integer);
    o.nullable("within_days", event.within_days, Object::as_integer);
    return event;
}

Tier as_tier(const json& value, const Place& place) { return as_name<Tier>(value, place, "tier", parse_tier); }

ReferralCondition read_referrals(const json& value, const Place& place) {
    const Object o(value, place, {"at_least", "reached"});
    ReferralCondition referrals;
    o.optional("at_least", referrals.at_least, Object::as_integer);
    o.nullable("reached", referrals.reached, as_tier);
    return referrals;
}

ScoringRule read_rule(const json& value, const Place& place) {
    const Object o(value, place, {"name", "points", "when", "event", "referrals", "decay_days"});
    ScoringRule rule;
    rule.name = o.string("name");
    rule.points = o.integer("points");
    o.optional("when", rule.when, array_of(read_condition));
    o.nullable("event", rule.event, read_event);
    o.nullable("referrals", rule.referrals, read_referrals);
    o.nullable("decay_days", rule.decay_days, Object::as_integer);
    return rule;
}

ScoringModel read_model(const json& value, const Place& place) {
    const Object o(value, place, {"name", "rules", "cap", "floor"});
    ScoringModel model;
    model.name = o.string("name");
    o.optional("rules", model.rules, array_of(read_rule));
    o.nullable("cap", model.cap, Object::as_integer);
    o.nullable("floor", model.floor, Object::as_integer);
    return model;
}

ordered_json rule_value(const ScoringRule& rule) {
    ordered_json event;
    if (rule.event) {
        event = {{"type", rule.event->type},
                 {"payload", conditions_value(rule.event->payload)},
                 {"at_least", rule.event->at_least},
                 {"within_days", nullable(rule.event->within_days)}};
    }
    ordered_json referrals;
    if (rule.referrals) {
        referrals = {{"at_least", rule.referrals->at_least},
                     {"reached", rule.referrals->reached ? ordered_json(to_string(*rule.referrals->reached))
                                                        : ordered_json()}};
    }
    return {{"name", rule.name},           {"points", rule.points},
            {"when", conditions_value(rule.when)}, {"event", std::move(event)},
            {"referrals", std::move(referrals)},   {"decay_days", nullable(rule.decay_days)}};
}

ordered_json score_value(const LeadScore& score) {
    ordered_json rules = ordered_json::array();
    for (const RulePoints& rule : score.rules) rules.push_back({{"rule", rule.rule}, {"points", rule.points}});
    return {{"lead", score.lead},
            {"model", score.model},
            {"points", score.points},
            {"rules", std::move(rules)},
            {"scored_at", score.scored_at},
            {"next_change", score.next_change == 0 ? ordered_json() : ordered_json(score.next_change)}};
}

}  // namespace

std::string to_json(const ScoringRules& rules) {
    ordered_json models = ordered_json::array();
    for (const ScoringModel& model : rules.models) {
        ordered_json list = ordered_json::array();
        for (const ScoringRule& rule : model.rules) list.push_back(rule_value(rule));
        models.push_back({{"name", model.name},
                          {"rules", std::move(list)},
                          {"cap", nullable(model.cap)},
                          {"floor", nullable(model.floor)}});
    }
    return text_of({{"models", std::move(models)}});
}

std::string to_json(const std::vector<LeadScore>& scores) { return array_text(scores, score_value); }

std::string to_json(const RescoreReport& report) {
    return text_of({{"needed", report.needed}, {"leads", report.leads}, {"changed", report.changed}});
}

ScoringRules scoring_rules_from_json(std::string_view text) {
    return read_document(text, "scoring rules", [](const json& value, const Place& place) {
        const Object o(value, place, {"models"});
        ScoringRules rules;
        o.optional("models", rules.models, array_of(read_model));
        return rules;
    });
}

}  // namespace leadpool
