// Leads as an actor reads and edits them: one lead (an absorbed id names its survivor), a lead
// by identity, filtered pages, attribute and tag edits, and a lead's history, events and
// attribute values across every lead merged into it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "leadpool/history.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/merge.hpp"
#include "leadpool/query.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// The leads the actor may read, within the subtree of `pool` when one is named.
LeadSelection visible_selection(const Reading& reading, const std::optional<PoolId>& pool);
// A filter's score range with its model's name checked and min not above max;
// Error(invalid_argument) naming the bound otherwise.
std::optional<ScoreRange> checked_score_range(const std::optional<ScoreRange>& range);

// The lead an id names; Error(permission_denied) when the actor may not read it.
Lead readable_lead(const Reading& reading, LeadId id);
std::optional<Lead> find_lead(const Reading& reading, const Identity& identity);

// The update's attributes and tags checked before the transaction.
struct CheckedUpdate {
    std::string attributes;
    std::vector<std::string> add_tags;
    std::vector<std::string> remove_tags;
    std::int64_t expected_version = 0;
};
CheckedUpdate checked_update(const LeadUpdate& update);
Lead update_lead(const Operation& op, LeadId id, const CheckedUpdate& update);

std::vector<HistoryEntry> history(const Reading& reading, LeadId id);
std::vector<LeadEvent> events(const Reading& reading, LeadId id);
std::vector<AttributeValue> attribute_history(const Reading& reading, LeadId id, const std::string& field);

}  // namespace leadpool::detail
