// Which merges and identity conflicts a filter selects (see store.hpp): the reference every store
// pages by.
#include <algorithm>

#include "leadpool/store.hpp"

namespace leadpool {

bool merge_matches(const MergeFilter& filter, const MergeRecord& merge) noexcept {
    if (filter.lead && merge.survivor != *filter.lead && merge.absorbed != *filter.lead) return false;
    if (filter.collisions_only && !merge.collision) return false;
    if (!filter.include_unmerged && merge.unmerged_at) return false;
    if (filter.actor && merge.actor != *filter.actor) return false;
    if (filter.at_from && merge.at < *filter.at_from) return false;
    if (filter.at_to && merge.at >= *filter.at_to) return false;
    if (filter.reason && merge.reason != *filter.reason) return false;
    return true;
}

bool conflict_matches(const ConflictFilter& filter, const IdentityConflict& conflict) noexcept {
    if (filter.lead && conflict.lead != *filter.lead &&
        std::find(conflict.others.begin(), conflict.others.end(), *filter.lead) == conflict.others.end())
        return false;
    if (filter.rule && conflict.rule != *filter.rule) return false;
    if (filter.channel && conflict.channel != *filter.channel) return false;
    if (filter.at_from && conflict.at < *filter.at_from) return false;
    if (filter.at_to && conflict.at >= *filter.at_to) return false;
    if (filter.state && conflict.state != *filter.state) return false;
    return true;
}

bool past_cursor(const RecordPageRequest& page, std::int64_t id) noexcept {
    if (!page.after) return true;
    return page.newest_first ? id < *page.after : id > *page.after;
}

}  // namespace leadpool
