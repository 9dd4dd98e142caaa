// A caller's lead filter checked and turned into the store's selection, and the page of leads
// it lists in the order asked for.
#pragma once

#include "leadpool/query.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// The selection of the leads the filter names among those the actor may read. Error
// (invalid_argument) names the field at fault: an attribute condition (checked as a routing
// condition, on attributes.<path> only), the text search, the identity match.
LeadSelection filtered_selection(const Reading& reading, const LeadFilter& filter);

// Error(invalid_argument) for a page limit outside 1..kMaxPageSize, or `after` given with a
// cursor or with an order other than ascending id.
void check_page(const PageRequest& page);

// A page of the filtered leads in the page's order.
LeadPage leads(const Reading& reading, const LeadFilter& filter, const PageRequest& page);

}  // namespace leadpool::detail
