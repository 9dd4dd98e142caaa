// A lead's data as the fold of its data rows: the capture and update rows of its history.
//
// Every record a lead took and every edit of it is a history row whose detail carries the data
// (attributes, tags, channel, attribution) and when it happened. Folding the rows of every lead
// in a merged lead, in (occurred_at, seq) order, gives the merged lead's data: latest wins per
// attribute, tags added and removed in order, channels in order of first sight. Merges and
// unmerges recompute a lead this way, so nothing depends on what was copied where.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "leadpool/history.hpp"
#include "leadpool/merge.hpp"

namespace leadpool::detail {

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
    Timestamp last_seen_at = 0;
};

FoldedData fold(std::vector<DataRow> rows);

// Every value the rows set on `field` (every field when empty), oldest first.
std::vector<AttributeValue> attribute_values(std::vector<DataRow> rows, const std::string& field);

}  // namespace leadpool::detail
