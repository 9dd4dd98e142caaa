#include "touches.hpp"

#include <algorithm>
#include <tuple>

#include "lead_group.hpp"
#include "leads.hpp"

namespace leadpool::detail {

std::vector<Touch> group_touches(StoreReader& store, const std::vector<LeadId>& group) {
    std::vector<DataRow> rows = group_data(store, group);
    std::stable_sort(rows.begin(), rows.end(), [](const DataRow& a, const DataRow& b) {
        return std::tie(a.occurred_at, a.seq) < std::tie(b.occurred_at, b.seq);
    });
    std::vector<Touch> out;
    for (DataRow& row : rows) {
        if (row.attribution == Attribution{}) continue;
        out.push_back(Touch{std::move(row.attribution), std::move(row.channel), row.occurred_at, row.lead});
    }
    return out;
}

std::vector<Touch> touches(const Reading& reading, LeadId lead) {
    const Lead found = readable_lead(reading, lead);
    return group_touches(reading.store, group_of(reading.store, found.id));
}

}  // namespace leadpool::detail
