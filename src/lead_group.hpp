// A lead as callers see it: a lead in its own right together with every lead merged into it.
#pragma once

#include <vector>

#include "lead_fold.hpp"
#include "leadpool/store.hpp"

namespace leadpool::detail {

// The lead `id` names: the lead itself, or the lead it was merged into (followed to the end).
// Throws Error(not_found) when there is no such lead.
Lead resolved_lead(StoreReader& store, LeadId id);

// `root` and every lead merged into it, directly or through another: root first, then by id.
std::vector<LeadId> group_of(StoreReader& store, LeadId root);

// The history of every lead in the group, in seq order.
std::vector<HistoryEntry> group_history(StoreReader& store, const std::vector<LeadId>& group);

// The data rows of the group's history.
std::vector<DataRow> group_data(StoreReader& store, const std::vector<LeadId>& group);

}  // namespace leadpool::detail
