// A lead as callers see it: a lead in its own right together with every lead merged into it
// (its group), and the group's data as the fold of its data rows.
//
// Every record a lead took and every edit of it is a history row whose detail carries the data
// (attributes, tags, channel, attribution) and when it happened. Folding the rows of every lead
// in a group, in (occurred_at, seq) order, gives the merged lead's data: latest wins per
// attribute, tags added and removed in order, channels in order of first sight. Merges, unmerges
// and late records refold a lead this way, so nothing depends on what was copied where.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "leadpool/history.hpp"
#include "leadpool/merge.hpp"
#include "leadpool/store.hpp"

namespace leadpool::detail {

struct DataRow;  // one history row's data: the fold, below

// Throws the not_found an id that names no lead gets.
[[noreturn]] void no_such_lead(LeadId id);

// The lead `id` names: the lead itself, or the lead it was merged into (followed to the end).
// Throws Error(not_found) when there is no such lead.
Lead resolved_lead(StoreReader& store, LeadId id);

// `root` and every lead merged into it, directly or through another: root first, then by id.
std::vector<LeadId> group_of(StoreReader& store, LeadId root);

// The history of every lead in the group, in seq order.
std::vector<HistoryEntry> group_history(StoreReader& store, const std::vector<LeadId>& group);

// The data rows of the group's history.
std::vector<DataRow> group_data(StoreReader& store, const std::vector<LeadId>& group);

// `root`'s group followed by the groups of `others` (leads about to be merged into it).
std::vector<LeadId> joined_group(StoreReader& store, LeadId root, const std::vector<Lead>& others);

// The behaviour events of every lead in the group, by time.
std::vector<LeadEvent> group_events(StoreReader& store, const std::vector<LeadId>& group);

// --- the fold ---------------------------------------------------------------------------------


// The data one history row carried.
struct DataRow {
    Timestamp occurred_at = 0;
    std::int64_t seq = 0;  // 0 for a row not written yet: it sorts after written rows of its time
    LeadId lead = 0;
    UserId actor;
    std::string channel;     // empty for an edit
    std::string attributes;  // JSON object text
    std::vector<std::string> add_tags;
    std::vector<std::string> remove_tags;
    Attribution attribution;
};

// The data row of a capture or update history row; nothing for other rows.
std::optional<DataRow> data_row(const HistoryEntry& entry);

struct FoldedData {
    std::string attributes = "{}";
    std::vector<std::string> tags;      // sorted
    std::vector<std::string> channels;  // in order of first sight
    Attribution attribution;            // of the earliest row that had one
    Attribution last_attribution;       // of the latest row that had one
    Timestamp last_seen_at = 0;
};

FoldedData fold(std::vector<DataRow> rows);

// Every value the rows set on `field` (every field when empty), oldest first.
std::vector<AttributeValue> attribute_values(std::vector<DataRow> rows, const std::string& field);

// Recomputes the lead's data (attributes, tags, channels, first and last touch, last seen) from the data
// rows of the leads in `group` plus `pending` rows not written yet. The capture channel stays.
// Throws Error(limit_exceeded) when the attributes would outgrow kMaxAttributesBytes.
void refold(StoreReader& store, Lead& lead, const std::vector<LeadId>& group,
            const std::vector<DataRow>& pending = {});

}  // namespace leadpool::detail
