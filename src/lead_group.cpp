#include "lead_group.hpp"

#include <algorithm>

#include "leadpool/error.hpp"

namespace leadpool::detail {

Lead resolved_lead(StoreReader& store, LeadId id) {
    auto lead = store.lead(id);
    if (!lead) throw Error(ErrorCode::not_found, "no lead " + std::to_string(id));
    // Merges form a forest, so the chain ends; the bound keeps a damaged store from looping.
    for (int hops = 0; lead->merged_into != 0; ++hops) {
        auto next = store.lead(lead->merged_into);
        if (!next || hops > 1000) {
            throw Error(ErrorCode::storage, "lead " + std::to_string(id) + " is merged into a missing lead");
        }
        lead = std::move(next);
    }
    return *lead;
}

std::vector<LeadId> group_of(StoreReader& store, LeadId root) {
    std::vector<LeadId> group = {root};
    for (std::size_t i = 0; i < group.size(); ++i) {
        for (LeadId absorbed : store.absorbed_into(group[i])) group.push_back(absorbed);
    }
    std::sort(group.begin() + 1, group.end());
    return group;
}

std::vector<HistoryEntry> group_history(StoreReader& store, const std::vector<LeadId>& group) {
    std::vector<HistoryEntry> out;
    for (LeadId id : group) {
        auto rows = store.history(id);
        out.insert(out.end(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
    }
    if (group.size() > 1) {
        std::sort(out.begin(), out.end(),
                  [](const HistoryEntry& a, const HistoryEntry& b) { return a.seq < b.seq; });
    }
    return out;
}

std::vector<DataRow> group_data(StoreReader& store, const std::vector<LeadId>& group) {
    std::vector<DataRow> out;
    for (const HistoryEntry& entry : group_history(store, group)) {
        if (auto row = data_row(entry)) out.push_back(std::move(*row));
    }
    return out;
}

}  // namespace leadpool::detail
