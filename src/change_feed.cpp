#include "change_feed.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "config.hpp"
#include "leadpool/limits.hpp"
#include "organisation.hpp"
#include "pool_tree.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

// How many changes a page reads from the store at a time, and at most in all: a reader whose
// scope holds few of the changes gets a short page and a `next` to go on from, not a scan of
// the whole feed in one call.
constexpr std::size_t kScanChunk = 500;
constexpr std::size_t kMaxScanned = 10 * kMaxPageSize;

[[noreturn]] void bad(const std::string& what) { throw Error(ErrorCode::invalid_argument, what); }

// What one reader may see, with the answers for each lead kept for the page.
class Sight {
public:
    explicit Sight(const Reading& reading)
        : reading_(reading),
          everything_(reading.access.allows(Action::read_feed)),
          organisation_(everything_ || reading.access.allows(Action::manage_org)) {}

    bool sees(const Change& change) {
        if (everything_) return true;
        switch (change.subject) {
            case ChangeSubject::organisation: return organisation_;
            case ChangeSubject::identity_conflict: {
                if (!reads(change.lead)) return false;
                const auto detail = nlohmann::json::parse(change.detail, nullptr, false);
                const auto others = detail.is_object() ? detail.find("others") : detail.end();
                if (others == detail.end() || !others->is_array()) return false;
                for (const auto& other : *others) {
                    if (!other.is_number_integer() || !reads(other.get<LeadId>())) return false;
                }
                return true;
            }
            case ChangeSubject::lead:
            case ChangeSubject::opportunity: return reads(change.lead);
        }
        return false;
    }

private:
    // Whether the reader may read the lead as it is now (one absorbed by a merge: its holder).
    bool reads(LeadId id) {
        auto [found, fresh] = readable_.emplace(id, false);
        if (fresh) {
            const auto stored = reading_.store.lead(id);
            found->second = stored && reading_.access.allows(Action::read, resolved_lead(reading_.store, id));
        }
        return found->second;
    }

    const Reading& reading_;
    bool everything_;
    bool organisation_;
    std::map<LeadId, bool> readable_;
};

// A filter with its pool subtree worked out.
class Sieve {
public:
    Sieve(StoreReader& store, const ChangeFilter& filter)
        : filter_(filter), kinds_(filter.kinds.begin(), filter.kinds.end()) {
        if (filter.pool) {
            const auto tree = subtree(store.pools(), {*filter.pool});
            pools_.insert(tree.begin(), tree.end());
        }
    }

    bool keeps(const Change& change) const {
        if (!kinds_.empty() && kinds_.count(change.kind) == 0) return false;
        if (filter_.lead && change.lead != *filter_.lead) return false;
        const bool of_lead = change.subject != ChangeSubject::organisation;
        if (filter_.pool && !(of_lead && (pools_.count(change.before.pool) || pools_.count(change.after.pool)))) {
            return false;
        }
        if (filter_.owner &&
            !(of_lead && (change.before.owner == *filter_.owner || change.after.owner == *filter_.owner))) {
            return false;
        }
        return true;
    }

private:
    const ChangeFilter& filter_;
    std::set<std::string> kinds_;
    std::set<PoolId> pools_;
};

// Error(invalid_argument) unless 0 <= seq <= the newest sequence number.
void check_seq(std::int64_t seq, std::int64_t last, const char* what) {
    if (seq < 0) bad(std::string(what) + " " + std::to_string(seq) + " is negative");
    if (seq > last) {
        bad(std::string(what) + " " + std::to_string(seq) + " is after the newest change, " + std::to_string(last));
    }
}

void check_consumer_name(const std::string& name) {
    check_text(name, "consumer name");
    if (name.empty()) bad("a consumer needs a name");
}

// The consumer `name`, if the reader may use it: its owner, or a read_feed holder. Another's
// consumer is, to them, no consumer at all.
FeedConsumer usable_consumer(StoreReader& store, const Access& access, const std::string& name) {
    check_consumer_name(name);
    auto found = store.feed_consumer(name);
    if (!found || (found->owner != access.user().id && !access.allows(Action::read_feed))) {
        not_found("no consumer '" + name + "'");
    }
    return *found;
}

}  // namespace

void check_filter(const ChangeFilter& filter) {
    const auto& known = change_kinds();
    for (const std::string& kind : filter.kinds) {
        if (std::find(known.begin(), known.end(), kind) == known.end()) bad("no change kind '" + kind + "'");
    }
    if (filter.lead && *filter.lead <= 0) bad("filter: lead " + std::to_string(*filter.lead) + " is not an id");
    if (filter.pool && *filter.pool <= 0) bad("filter: pool " + std::to_string(*filter.pool) + " is not an id");
    if (filter.owner) check_text(*filter.owner, "filter owner");
}

ChangePage changes(const Reading& reading, const ChangeQuery& query) {
    check_filter(query.filter);
    if (query.limit == 0) bad("changes: the limit must be at least 1");
    if (query.limit > kMaxPageSize) {
        throw Error(ErrorCode::limit_exceeded, "changes: limit " + std::to_string(query.limit) + ": at most " +
                                                   std::to_string(kMaxPageSize));
    }
    StoreReader& store = reading.store;
    std::int64_t since = query.since;
    if (query.consumer) {
        if (since != 0) bad("changes: give since or a consumer, not both");
        since = usable_consumer(store, reading.access, *query.consumer).position;
    }
    ChangePage page;
    page.last = store.last_change_seq();
    check_seq(since, page.last, "since");
    if (query.filter.pool && !store.pool(*query.filter.pool)) not_found("no pool " + std::to_string(*query.filter.pool));

    Sight sight(reading);
    const Sieve sieve(store, query.filter);
    std::int64_t cursor = since;
    std::size_t scanned = 0;
    bool first = true;
    while (page.changes.size() < query.limit && scanned < kMaxScanned) {
        const auto chunk = store.changes(cursor, kScanChunk);
        // Sequence numbers have no gaps: a first change after since + 1 means the ones between
        // were pruned.
        if (first && since < page.last && (chunk.empty() || chunk.front().seq > since + 1)) page.pruned = true;
        first = false;
        for (const Change& change : chunk) {
            cursor = change.seq;
            ++scanned;
            if (sieve.keeps(change) && sight.sees(change)) {
                page.changes.push_back(change);
                if (page.changes.size() == query.limit) break;
            }
        }
        if (chunk.size() < kScanChunk) {
            if (page.changes.size() < query.limit) cursor = std::max(cursor, page.last);
            break;
        }
    }
    page.next = cursor;
    return page;
}

std::vector<Change> visible_changes(const Reading& reading, const std::vector<Change>& changes,
                                    const ChangeFilter& filter) {
    Sight sight(reading);
    const Sieve sieve(reading.store, filter);
    std::vector<Change> out;
    for (const Change& change : changes) {
        if (sieve.keeps(change) && sight.sees(change)) out.push_back(change);
    }
    return out;
}

FeedConsumer add_consumer(const Operation& op, const std::string& name, std::int64_t position) {
    check_consumer_name(name);
    check_seq(position, op.store.last_change_seq(), "position");
    if (op.store.feed_consumer(name)) throw Error(ErrorCode::conflict, "consumer '" + name + "' exists already");
    const FeedConsumer consumer{name, op.actor(), position, op.now, op.now};
    op.store.put_feed_consumer(consumer);
    record_org_event(op, OrgEventKind::consumer_added, {{"name", name}, {"position", position}});
    return consumer;
}

FeedConsumer ack(const Operation& op, const std::string& name, std::int64_t seq) {
    FeedConsumer consumer = usable_consumer(op.store, op.access, name);
    check_seq(seq, op.store.last_change_seq(), "ack");
    // An ack never moves a consumer back: a late ack of a replayed page leaves it where it is.
    if (seq > consumer.position) {
        consumer.position = seq;
        consumer.acked_at = op.now;
        op.store.put_feed_consumer(consumer);
    }
    return consumer;
}

FeedConsumer consumer(const Reading& reading, const std::string& name) {
    return usable_consumer(reading.store, reading.access, name);
}

std::vector<FeedConsumer> consumers(const Reading& reading) {
    std::vector<FeedConsumer> out;
    const bool all = reading.access.allows(Action::read_feed);
    for (FeedConsumer& consumer : reading.store.feed_consumers()) {
        if (all || consumer.owner == reading.access.user().id) out.push_back(std::move(consumer));
    }
    return out;
}

FeedSettings set_feed_settings(const Operation& op, const FeedSettings& settings) {
    if (settings.retention_ms < 0) bad("feed settings: retention_ms must not be negative");
    config::set_feed_settings(op.store, settings);
    record_org_event(op, OrgEventKind::feed_settings_changed, {{"retention_ms", settings.retention_ms}});
    return settings;
}

std::int64_t prune_feed(const Operation& op) {
    const FeedSettings settings = config::feed_settings(op.store);
    if (settings.retention_ms == 0) return 0;
    return op.store.prune_changes(op.now - settings.retention_ms);
}

}  // namespace leadpool::detail
