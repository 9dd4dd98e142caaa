// Lead scoring in the engine (include/leadpool/scoring.hpp): the rules checked and kept
// (scoring_rules.cpp), and each lead's scores kept current and explained (lead_scores.cpp).
#pragma once

#include <set>
#include <vector>

#include "change_recorder.hpp"
#include "leadpool/scoring.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// --- the rules (scoring_rules.cpp) -------------------------------------------------------------

// The rules as the engine keeps them: names trimmed and unique, every condition and number
// valid, within the limits. Error(invalid_argument) or Error(limit_exceeded) names the model,
// rule and field at fault.
ScoringRules checked_scoring_rules(const ScoringRules& rules);

// Keeps the rules, records the change and starts rescoring every lead (rescore_batch).
void set_scoring_rules(const Operation& op, const ScoringRules& rules);

// Rescores the next kRescoreBatch leads of a rescore under way; true while leads are left.
// `report` carries the counts of the whole rescore.
bool rescore_batch(const Operation& op, RescoreReport& report);

// --- each lead's scores (lead_scores.cpp) ------------------------------------------------------

// Recomputes the scores of the lead `id` names (its group's data and events) under `rules` at
// `now`, stores what changed, and writes a history row of action `score` for each score whose
// points changed. Returns how many scores changed. A lead absorbed by a merge has no scores.
std::int64_t rescore_lead(StoreWriter& store, const ScoringRules& rules, LeadId id, const UserId& actor,
                          Timestamp now);

// Brings the scores of the leads a transaction touched up to date, before it commits: each
// lead, the lead holding it when it was merged, and the lead that referred it.
void rescore_touched(ChangeRecorder& recorder);

// Rescores the leads whose scores time has changed by `op.now` (a window passed, a decay
// stepped); returns how many leads.
std::int64_t rescore_due(const Operation& op);

// The lead's scores, for an actor who may read it.
std::vector<LeadScore> scores(const Reading& reading, LeadId id);

}  // namespace leadpool::detail
