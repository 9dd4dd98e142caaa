// leadpool — lead scoring: how worth a salesperson's call each lead is, by rules kept as data.
//
// The scoring rules are named models ("fit", "engagement"), each an ordered list of rules. A
// rule gives its points (positive or negative) to every lead that meets all its conditions: on
// the lead's data (the routing conditions, routing.hpp), on its behaviour events and on the leads
// it referred. A lead's score in a model is the sum of the points its rules give, held between
// the model's floor and cap. Every score is explainable: it lists the points each rule gave.
//
// Scores are kept current: whatever touches a lead (a capture, an ingested record or event, an
// edit, a merge or unmerge, a follow-up, a move) recomputes its scores in the same transaction,
// and each change of a score is a history row of action `score` (from and to tier the same: no
// move). Time alone changes a score only through an event rule's window or decay; each score
// keeps the time of its next such change, and Engine::maintain recomputes the scores due.
// Engine::set_scoring_rules rescores every lead in batches of kRescoreBatch, each its own
// transaction; a rescore cut short resumes at the next maintain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/merge.hpp"
#include "leadpool/routing.hpp"
#include "leadpool/tier.hpp"

namespace leadpool {

// Leads rescored in one transaction after the rules change.
inline constexpr std::size_t kRescoreBatch = 1000;

inline constexpr Timestamp kMillisPerDay = 24LL * 60 * 60 * 1000;

// A test on the lead's behaviour events (ingest.hpp): at least `at_least` events of `type`
// whose payload meets every `payload` condition, among those younger than `within_days` days
// (all of them when unset). A payload condition's field is "payload.<path>" and takes the
// operators of a routing condition.
struct EventCondition {
    std::string type;
    std::vector<RuleCondition> payload;
    std::int64_t at_least = 1;
    std::optional<std::int64_t> within_days;
};

// A test on the leads this lead referred (Lead::referred_by): at least `at_least` of them, each
// having reached `reached` when set.
struct ReferralCondition {
    std::int64_t at_least = 1;
    std::optional<Tier> reached;
};

struct ScoringRule {
    std::string name;  // unique in its model; a score's explanation names it
    std::int64_t points = 0;
    std::vector<RuleCondition> when;  // on the lead's data, as in routing; all must hold
    std::optional<EventCondition> event;
    std::optional<ReferralCondition> referrals;
    // For a rule with an event condition: its points fade over this many days after the newest
    // event that meets it. After d whole days they are points * (decay_days - d) / decay_days,
    // rounded toward zero; nothing from decay_days on. Unset: no fading.
    std::optional<std::int64_t> decay_days;
};

struct ScoringModel {
    std::string name;  // unique among the models
    std::vector<ScoringRule> rules;
    std::optional<std::int64_t> cap;    // the highest score; unset: none
    std::optional<std::int64_t> floor;  // the lowest score; unset: none
};

struct ScoringRules {
    std::vector<ScoringModel> models;
};

// The points one rule gave.
struct RulePoints {
    std::string rule;
    std::int64_t points = 0;

    friend bool operator==(const RulePoints& a, const RulePoints& b) {
        return a.rule == b.rule && a.points == b.points;
    }
};

// A lead's score in one model, and why.
struct LeadScore {
    LeadId lead = 0;
    std::string model;
    std::int64_t points = 0;       // the sum of `rules`, held between the model's floor and cap
    std::vector<RulePoints> rules;  // the rules that gave points, in the model's order
    Timestamp scored_at = 0;
    // When time alone next changes the score (a window passes, a decay steps); 0: never.
    Timestamp next_change = 0;
};

// Leads whose score in `model` lies in [min, max] (either bound may be left out); a lead with
// no score in the model is never in range.
struct ScoreRange {
    std::string model;
    std::optional<std::int64_t> min;  // inclusive
    std::optional<std::int64_t> max;  // inclusive
};

// Whether `scores` (a lead's) hold a score in `range`.
bool score_in_range(const ScoreRange& range, const std::vector<LeadScore>& scores);

// What Engine::set_scoring_rules (or a maintain finishing it) did. The counts cover the whole
// rescore, from the rules' change to its end.
struct RescoreReport {
    std::int64_t leads = 0;    // leads rescored
    std::int64_t changed = 0;  // scores that changed (a lead counts once per model)
    bool needed = false;       // whether a rescore ran
};

// Everything a lead's scores depend on: the lead (its group's data), its group's events, and the
// leads it referred.
struct ScoringInput {
    const Lead* lead = nullptr;
    const std::vector<LeadEvent>* events = nullptr;
    const std::vector<Lead>* referred = nullptr;
};

// The lead's score in `model` at `now`.
LeadScore score_lead(const ScoringModel& model, const ScoringInput& input, Timestamp now);

}  // namespace leadpool
