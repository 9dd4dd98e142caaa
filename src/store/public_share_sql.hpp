// The public share as SQL, shared by the SQL stores: one statement over the selected leads'
// history. A row is a lead's placement (before) the times after it and up to the earliest time
// of a later row of the lead; in one of the pools it adds +1 to the leads (and the unowned when
// nobody held it) from its time and -1 from that earliest later time. The deltas come back summed
// by UTC day, which every interval end but the period's own is a start of; a running sum over
// them gives each point. Never a query per lead or per interval.
#pragma once

#include <optional>
#include <vector>

#include "leadpool/public_share.hpp"
#include "store/selection_sql.hpp"

namespace leadpool::selection_sql {

// Rows (day start, leads delta, unowned delta) by day, of the changes before `to`; nullopt when
// the selection can select no lead or there is no pool.
std::optional<Statement> public_share_statement(const LeadSelection& selection, const std::vector<PoolId>& pools,
                                                Timestamp to, const Dialect& dialect);

// Counts `points` from the rows of public_share_statement, in their order.
class ShareDeltas {
public:
    template <typename Row>
    void add(const Row& row) {
        days_.push_back({row.integer(0), row.integer(1), row.integer(2)});
    }
    std::vector<SharePoint> counted(std::vector<SharePoint> points) const;

private:
    struct Day {
        Timestamp start;
        std::int64_t leads;
        std::int64_t unowned;
    };
    std::vector<Day> days_;
};

}  // namespace leadpool::selection_sql
