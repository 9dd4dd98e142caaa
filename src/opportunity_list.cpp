#include "opportunity_list.hpp"

#include <string>

#include "leadpool/limits.hpp"
#include "leads.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

[[noreturn]] void bad(const std::string& what) {
    throw Error(ErrorCode::invalid_argument, "opportunity filter: " + what);
}

void check_amount(const std::optional<std::int64_t>& amount, const char* field) {
    if (amount && *amount < 0) bad(std::string(field) + " must be >= 0, not " + std::to_string(*amount));
}

}  // namespace

void check_opportunity_query(const OpportunityFilter& filter, const OpportunityPageRequest& page) {
    if (filter.workflow) check_text(*filter.workflow, "opportunity filter workflow");
    if (filter.step) check_text(*filter.step, "opportunity filter step");
    if (filter.owner) check_text(*filter.owner, "opportunity filter owner");
    check_amount(filter.amount_min, "amount_min");
    check_amount(filter.amount_max, "amount_max");
    if (filter.amount_min && filter.amount_max && *filter.amount_min > *filter.amount_max) {
        bad("amount_min " + std::to_string(*filter.amount_min) + " is over amount_max " +
            std::to_string(*filter.amount_max));
    }
    if (page.limit < 1 || page.limit > kMaxPageSize) {
        throw Error(ErrorCode::invalid_argument, "opportunity page limit must be 1.." +
                                                     std::to_string(kMaxPageSize) + ", not " +
                                                     std::to_string(page.limit));
    }
    if (page.after && (page.after->lead < 1 || page.after->number < 1)) {
        throw Error(ErrorCode::invalid_argument,
                    "opportunity page after: lead and number must be >= 1 (a page's next_cursor)");
    }
}

OpportunityPage opportunities(const Reading& reading, const OpportunityFilter& filter,
                              const OpportunityPageRequest& page) {
    LeadSelection leads = visible_selection(reading, filter.pool);
    leads.owner = filter.owner;
    const OpportunitySelection selection{filter.workflow, filter.step, filter.status, filter.amount_min,
                                         filter.amount_max};
    OpportunityPage result;
    result.opportunities = reading.store.selected_opportunities(leads, selection, page.after, page.limit + 1);
    if (result.opportunities.size() > page.limit) {
        result.opportunities.resize(page.limit);
        const Opportunity& last = result.opportunities.back();
        result.next_cursor = OpportunityCursor{last.lead, last.number};
    }
    return result;
}

}  // namespace leadpool::detail
