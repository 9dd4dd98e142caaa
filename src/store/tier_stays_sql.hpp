// Time in tier as SQL, shared by the SQL stores: the stays kept in tier_stays (one row per move
// into a tier, closed by the next, written by a trigger on history) and the won opportunities,
// joined to their selected leads.
#pragma once

#include <vector>

#include "leadpool/tier_times.hpp"
#include "store/selection_sql.hpp"

namespace leadpool::selection_sql {

// The statements reading every sample StoreReader::tier_time_samples visits: rows of the group
// (with request.by: an integer, a text or NULL), then the measure, the tier and the value. None
// when the selection can select no lead. request.at is set.
std::vector<Statement> tier_time_statements(const LeadSelection& selection, const TierTimesRequest& request,
                                            const Dialect& dialect);

}  // namespace leadpool::selection_sql
