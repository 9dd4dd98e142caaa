// The pipeline view: a caller's opportunity filter checked and turned into the store's
// selections, and the page of opportunities it lists.
#pragma once

#include "leadpool/workflow.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// Error(invalid_argument) naming the field at fault: a page limit outside 1..kMaxPageSize, a
// cursor with a lead or number below 1, an amount bound below 0 or a minimum over the maximum,
// a workflow or step name that is not text.
void check_opportunity_query(const OpportunityFilter& filter, const OpportunityPageRequest& page);

// A page of the opportunities the filter names among those of the leads the actor may read.
OpportunityPage opportunities(const Reading& reading, const OpportunityFilter& filter,
                              const OpportunityPageRequest& page);

}  // namespace leadpool::detail
