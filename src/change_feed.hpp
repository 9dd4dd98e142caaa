// The change feed's reading side (docs/design.md 7): pages of changes in the actor's scope,
// consumers with durable positions, the retention. The writing side is change_recorder.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "leadpool/change_feed.hpp"
#include "operation.hpp"

namespace leadpool::detail {

// Error(invalid_argument) for a kind change_kinds() does not list, or a negative lead or pool.
void check_filter(const ChangeFilter& filter);

// The page of `query` the actor may see: read_feed sees every change; anyone else the changes
// of leads (and their opportunities and conflicts) they may read now, and the organisation's
// changes with manage_org.
ChangePage changes(const Reading& reading, const ChangeQuery& query);
// Of `changes`, those the reader may see and `filter` keeps.
std::vector<Change> visible_changes(const Reading& reading, const std::vector<Change>& changes,
                                    const ChangeFilter& filter);

FeedConsumer add_consumer(const Operation& op, const std::string& name, std::int64_t position);
FeedConsumer ack(const Operation& op, const std::string& name, std::int64_t seq);
FeedConsumer consumer(const Reading& reading, const std::string& name);
std::vector<FeedConsumer> consumers(const Reading& reading);

FeedSettings set_feed_settings(const Operation& op, const FeedSettings& settings);
// Prunes the changes older than the retention allows at op.now; returns how many went.
std::int64_t prune_feed(const Operation& op);

}  // namespace leadpool::detail
