// Scoring a lead in one model (include/leadpool/scoring.hpp): each rule's conditions, its
// points after decay, the sum held between floor and cap, and when time alone changes it next.
#include "leadpool/scoring.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "routing_rules.hpp"

namespace leadpool {
namespace {

// What one rule gives at `now`, and when time alone changes that next (0: never).
struct RuleOutcome {
    std::int64_t points = 0;
    Timestamp next_change = 0;
};

Timestamp earliest(Timestamp a, Timestamp b) {
    if (a == 0) return b;
    if (b == 0) return a;
    return std::min(a, b);
}

// The times of the events that meet the condition, newest first, among those younger than its
// window at `now`.
std::vector<Timestamp> meeting_events(const EventCondition& condition, const std::vector<LeadEvent>& events,
                                      Timestamp now) {
    std::vector<Timestamp> times;
    const Timestamp window_start =
        condition.within_days ? now - *condition.within_days * kMillisPerDay : Timestamp{0};
    for (const LeadEvent& event : events) {
        if (event.type != condition.type) continue;
        if (condition.within_days && event.at <= window_start) continue;
        if (!condition.payload.empty()) {
            const auto payload = nlohmann::json::parse(event.payload, nullptr, false);
            const bool holds = std::all_of(condition.payload.begin(), condition.payload.end(),
                                           [&](const RuleCondition& c) {
                                               return detail::payload_condition_holds(c, payload);
                                           });
            if (!holds) continue;
        }
        times.push_back(event.at);
    }
    std::sort(times.begin(), times.end(), std::greater<>());
    return times;
}

std::int64_t referrals_reaching(const ReferralCondition& condition, const std::vector<Lead>& referred) {
    return std::count_if(referred.begin(), referred.end(), [&](const Lead& lead) {
        return !condition.reached || (lead.reached & tier_bit(*condition.reached)) != 0;
    });
}

RuleOutcome apply(const ScoringRule& rule, const ScoringInput& input, Timestamp now) {
    const bool data_holds = std::all_of(rule.when.begin(), rule.when.end(), [&](const RuleCondition& c) {
        return detail::condition_holds(c, *input.lead);
    });
    if (!data_holds) return {};
    if (rule.referrals && referrals_reaching(*rule.referrals, *input.referred) < rule.referrals->at_least) {
        return {};
    }
    if (!rule.event) return {rule.points, 0};

    const std::vector<Timestamp> times = meeting_events(*rule.event, *input.events, now);
    const auto needed = static_cast<std::size_t>(rule.event->at_least);
    if (times.size() < needed) return {};
    RuleOutcome outcome{rule.points, 0};
    // The rule stops holding when the oldest of the newest `at_least` events leaves the window.
    if (rule.event->within_days) outcome.next_change = times[needed - 1] + *rule.event->within_days * kMillisPerDay;
    if (rule.decay_days) {
        const std::int64_t days = *rule.decay_days;
        const std::int64_t age = (now - times.front()) / kMillisPerDay;
        if (age >= days) return {};
        outcome.points = rule.points * (days - age) / days;
        outcome.next_change = earliest(outcome.next_change, times.front() + (age + 1) * kMillisPerDay);
    }
    return outcome;
}

}  // namespace

bool score_in_range(const ScoreRange& range, const std::vector<LeadScore>& scores) {
    return std::any_of(scores.begin(), scores.end(), [&](const LeadScore& score) {
        return score.model == range.model && (!range.min || score.points >= *range.min) &&
               (!range.max || score.points <= *range.max);
    });
}

LeadScore score_lead(const ScoringModel& model, const ScoringInput& input, Timestamp now) {
    LeadScore score;
    score.lead = input.lead->id;
    score.model = model.name;
    score.scored_at = now;
    for (const ScoringRule& rule : model.rules) {
        const RuleOutcome outcome = apply(rule, input, now);
        score.next_change = earliest(score.next_change, outcome.next_change);
        if (outcome.points == 0) continue;
        score.points += outcome.points;
        score.rules.push_back({rule.name, outcome.points});
    }
    if (model.cap) score.points = std::min(score.points, *model.cap);
    if (model.floor) score.points = std::max(score.points, *model.floor);
    return score;
}

}  // namespace leadpool
