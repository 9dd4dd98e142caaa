// The driver's checks on a file after a kill.
#include <SQLiteCpp/SQLiteCpp.h>
#include <leadpool/leadpool.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

#include "crash.hpp"

namespace leadpool::crash {
namespace {

constexpr const char* kBoss = "boss";

std::vector<Lead> every_lead(Engine& engine) {
    std::vector<Lead> out;
    PageRequest page;
    page.limit = kMaxPageSize;
    for (;;) {
        LeadPage found = engine.leads(kBoss, {}, page);
        out.insert(out.end(), found.leads.begin(), found.leads.end());
        if (!found.next_after) return out;
        page.after = *found.next_after;
    }
}

// Replaying the lead's own history rows from its capture must give where it is now: each row starts
// where the one before ended, every change wrote one row, and the tiers it passed make `reached`.
// Own rows: Engine::history() also returns the rows of the leads merged into it.
void check_history(StoreReader& store, const Lead& lead, std::ostream& problems) {
    const auto history = store.history(lead.id);
    if (history.empty() || history.front().action != Action::capture) {
        problems << "lead " << lead.id << ": history does not start with its capture\n";
        return;
    }
    Tier tier = Tier::master;
    PoolId pool = kMasterPoolId;
    UserId owner;
    TierMask reached = tier_bit(Tier::master);
    for (const HistoryEntry& entry : history) {
        if (entry.from_tier != tier || entry.from_pool != pool || entry.from_owner != owner) {
            problems << "lead " << lead.id << ": history row " << entry.seq
                     << " does not start where the last ended\n";
        }
        tier = entry.to_tier;
        pool = entry.to_pool;
        owner = entry.to_owner;
        reached = static_cast<TierMask>(reached | tier_bit(tier));
    }
    if (tier != lead.tier || pool != lead.pool || owner != lead.owner || reached != lead.reached) {
        problems << "lead " << lead.id << ": replaying its history does not give its current place\n";
    }
    if (static_cast<std::int64_t>(history.size()) != lead.version) {
        problems << "lead " << lead.id << ": version " << lead.version << " but " << history.size()
                 << " history rows\n";
    }
}

// Merges in effect and absorbed leads agree both ways, and an absorbed id reads as its survivor's
// lead; an acknowledged merge is recorded as made, an acknowledged unmerge as undone, and the lead
// it restored is its own again (or absorbed by a later merge).
void check_merges(Engine& engine, StoreReader& store, const std::vector<Lead>& rows,
                  const Acknowledged& acked, std::ostream& problems) {
    const std::vector<MergeRecord> records = store.merge_records();
    std::map<MergeId, const MergeRecord*> by_id;
    std::map<LeadId, const MergeRecord*> in_effect;  // by absorbed lead
    for (const MergeRecord& merge : records) {
        by_id[merge.id] = &merge;
        if (merge.unmerged_at) continue;
        if (!in_effect.emplace(merge.absorbed, &merge).second)
            problems << "lead " << merge.absorbed << " is absorbed by two merges in effect\n";
        if (engine.lead(kBoss, merge.absorbed).id != engine.lead(kBoss, merge.survivor).id) {
            problems << "merge " << merge.id << ": lead " << merge.absorbed
                     << " does not read as the lead of its survivor " << merge.survivor << "\n";
        }
    }
    for (const Lead& lead : rows) {
        auto merge = in_effect.find(lead.id);
        const LeadId recorded = merge == in_effect.end() ? 0 : merge->second->survivor;
        if (lead.merged_into != recorded) {
            problems << "lead " << lead.id << " is merged into " << lead.merged_into
                     << ", the merges in effect say " << recorded << "\n";
        }
    }
    for (const auto& [id, merge] : acked.merges) {
        auto found = by_id.find(id);
        if (found == by_id.end() || found->second->survivor != merge.survivor ||
            found->second->absorbed != merge.absorbed) {
            problems << "acknowledged merge " << id << " of lead " << merge.absorbed << " into "
                     << merge.survivor << " is missing\n";
        }
    }
    for (MergeId id : acked.unmerges) {
        auto found = by_id.find(id);
        if (found == by_id.end() || !found->second->unmerged_at) {
            problems << "acknowledged unmerge of merge " << id << " is missing\n";
            continue;
        }
        auto again = in_effect.find(found->second->absorbed);
        if (again != in_effect.end() && again->second->id < id)
            problems << "lead " << found->second->absorbed << " is still absorbed after unmerge " << id
                     << "\n";
    }
}

// Follow-ups and opportunities across merges: an acknowledged follow-up is among the activities
// of the lead it was recorded on (read through any id of the lead that holds it now), an
// acknowledged opportunity is kept with the lead it was opened on, and a lead in its own right
// has an open opportunity of its own only while it is at tier opportunity, one at most (an
// absorbed lead's waits for an unmerge).
void check_opportunities(Engine& engine, StoreReader& store, const std::vector<Lead>& rows,
                         const Acknowledged& acked, std::ostream& problems) {
    for (const auto& [id, notes] : acked.follow_ups) {
        std::set<std::string> found;
        for (const Activity& activity : engine.activities(kBoss, id)) {
            if (activity.lead == id) found.insert(activity.note);
        }
        for (const std::string& note : notes) {
            if (found.count(note) == 0) problems << "acknowledged follow-up " << note << " of lead " << id << " is missing\n";
        }
    }
    for (const auto& [id, numbers] : acked.opportunities) {
        std::set<std::int64_t> found;
        for (const Opportunity& opportunity : store.opportunities(id)) found.insert(opportunity.number);
        for (std::int64_t number : numbers) {
            if (found.count(number) == 0)
                problems << "acknowledged opportunity " << number << " of lead " << id << " is missing\n";
        }
        engine.opportunities(kBoss, id);  // readable through the lead's id, merged or not
    }
    for (const Lead& lead : rows) {
        if (lead.merged_into != 0) continue;
        int open = 0;
        for (const Opportunity& opportunity : store.opportunities(lead.id)) {
            if (opportunity.status == OpportunityStatus::open) ++open;
        }
        if (open > 1 || (open == 1 && lead.tier != Tier::opportunity)) {
            problems << "lead " << lead.id << " at tier " << to_string(lead.tier) << " has " << open
                     << " open opportunities of its own\n";
        }
    }
}

// The counters the triggers keep, against a count of the live rows themselves, both ways.
void check_counters(SQLite::Database& db, std::ostream& problems) {
    const char* counted =  // absorbed leads are in no count
        "SELECT tier, reached, pool_id, owner, channel, capture_day, count(*) FROM leads "
        "WHERE merged_into = 0 GROUP BY tier, reached, pool_id, owner, channel, capture_day";
    const char* kept = "SELECT tier, reached, pool_id, owner, channel, capture_day, n FROM funnel_counts";
    for (const auto& [a, b] : {std::pair{counted, kept}, std::pair{kept, counted}}) {
        const int differ =
            db.execAndGet(std::string("SELECT count(*) FROM (") + a + " EXCEPT " + b + ")").getInt();
        if (differ != 0) problems << "funnel counters differ from the leads in " << differ << " cells\n";
    }
}

// The feed holds every committed change once, numbered 1, 2, 3, ... without a gap; each
// acknowledged operation is exactly one change of its lead at the version it acknowledged (and
// each acknowledged user and pool one organisation change); replaying the lead changes from 0
// gives each lead's tier, pool, owner and version; the consumer is at least at its last ack.
void check_feed(Engine& engine, const std::vector<Lead>& rows, const Acknowledged& acked,
                std::ostream& problems) {
    struct Replayed {
        LeadPlace place;
        std::int64_t version = 0;
    };
    std::map<LeadId, Replayed> replayed;
    std::map<std::pair<LeadId, std::int64_t>, int> lead_changes;
    std::map<std::string, int> org_changes;  // "user <id>", "pool <name>"
    ChangeQuery query;
    query.limit = kMaxPageSize;
    std::int64_t expected = 1;
    for (;;) {
        const ChangePage page = engine.changes(kBoss, query);
        for (const Change& change : page.changes) {
            if (change.seq != expected) {
                problems << "the feed has change " << change.seq << " where " << expected << " was due\n";
                expected = change.seq;
            }
            ++expected;
            if (change.subject == ChangeSubject::lead) {
                Replayed& lead = replayed[change.lead];
                if (change.before.tier != lead.place.tier || change.before.pool != lead.place.pool ||
                    change.before.owner != lead.place.owner) {
                    if (lead.version != 0)
                        problems << "change " << change.seq << " does not start where lead " << change.lead
                                 << " stood\n";
                }
                lead = Replayed{change.after, change.version};
                ++lead_changes[{change.lead, change.version}];
            } else if (change.kind == "user_added") {
                ++org_changes["user " + change.object];
            } else if (change.kind == "pool_created") {
                const auto detail = nlohmann::json::parse(change.detail);
                ++org_changes["pool " + detail.value("name", std::string())];
            }
        }
        query.since = page.next;
        if (page.next == page.last) break;
    }
    for (const Lead& lead : rows) {
        const auto found = replayed.find(lead.id);
        if (found == replayed.end()) {
            problems << "lead " << lead.id << " has no change in the feed\n";
            continue;
        }
        const Replayed& to = found->second;
        if (to.place.tier != lead.tier || to.place.pool != lead.pool || to.place.owner != lead.owner ||
            to.version != lead.version) {
            problems << "replaying the feed leaves lead " << lead.id << " at version " << to.version
                     << ", it is at " << lead.version << " (or elsewhere)\n";
        }
    }
    for (const auto& [lead, version] : acked.lead_changes) {
        const auto found = lead_changes.find({lead, version});
        const int times = found == lead_changes.end() ? 0 : found->second;
        if (times != 1)
            problems << "acknowledged version " << version << " of lead " << lead << " is " << times
                     << " changes in the feed\n";
    }
    for (const auto& [kind, names] : {std::pair{"user ", &acked.users}, std::pair{"pool ", &acked.pools}}) {
        for (const std::string& name : *names) {
            const int times = org_changes[kind + name];
            if (times != 1) problems << "acknowledged " << kind << name << " is " << times << " changes in the feed\n";
        }
    }
    const auto consumers = engine.consumers(kBoss);  // none when a kill came before the worker added it
    const FeedConsumer consumer = consumers.empty() ? FeedConsumer{} : consumers.front();
    if (consumer.position < acked.feed_position || consumer.position > expected - 1) {
        problems << "the feed consumer is at " << consumer.position << ", acknowledged at "
                 << acked.feed_position << ", the feed ends at " << expected - 1 << "\n";
    }
}

}  // namespace

bool record_ack(const std::string& line, Acknowledged& acked) {
    std::istringstream in(line);
    std::string kind;
    if (!(in >> kind)) return false;
    if (kind == "feed") {
        std::int64_t seq = 0;
        if (!(in >> seq)) return false;
        acked.feed_position = std::max(acked.feed_position, seq);
        ++acked.operations;
        return true;
    }
    if (kind == "user" || kind == "pool") {
        std::string name;
        if (!(in >> name)) return false;
        (kind == "user" ? acked.users : acked.pools).insert(name);
        ++acked.operations;
        return true;
    }
    std::int64_t merge = 0, lead = 0, version = 0;
    const bool about_merge = kind == "merge" || kind == "unmerge";
    if (about_merge && !(in >> merge)) return false;
    if (!(in >> lead >> version)) return false;
    if (kind == "merge") {
        std::int64_t absorbed = 0;
        if (!(in >> absorbed)) return false;
        acked.merges[merge] = AckedMerge{lead, absorbed};
    } else if (kind == "unmerge") {
        acked.unmerges.insert(merge);
    } else if (kind == "update") {
        std::string tag;
        if (!(in >> tag)) return false;
        acked.tags[lead].insert(tag);
    } else if (kind == "follow_up") {
        std::string note;
        if (!(in >> note)) return false;
        acked.follow_ups[lead].insert(note);
    } else if (kind == "opportunity") {
        std::int64_t number = 0;
        if (!(in >> number)) return false;
        acked.opportunities[lead].insert(number);
    } else if (kind == "advance" || kind == "win") {
        // a lead change like any: its version is checked below
    } else {
        std::string address;
        in >> address;
        if (!address.empty()) acked.addresses[address] = lead;
    }
    acked.lead_changes.emplace(lead, version);
    auto& known = acked.lead_versions[lead];
    known = std::max(known, version);
    ++acked.operations;
    return true;
}

std::string check_file(const std::string& file, const Acknowledged& acked) {
    std::ostringstream problems;
    std::vector<LeadId> ids;
    {
        SQLite::Database db(file, SQLite::OPEN_READWRITE);
        const std::string integrity = db.execAndGet("PRAGMA integrity_check").getString();
        if (integrity != "ok") problems << "integrity_check: " << integrity << "\n";
        check_counters(db, problems);
        if (db.tableExists("leads")) {
            SQLite::Statement every_id(db, "SELECT id FROM leads ORDER BY id");
            while (every_id.executeStep()) ids.push_back(every_id.getColumn(0).getInt64());
        }
    }
    Engine engine(open_sqlite_store(file));
    if (!engine.initialized()) return problems.str();  // killed before the first commit
    // Each lead's own row, absorbed or not: engine reads resolve an absorbed id to its survivor.
    const auto store = open_sqlite_store(file);
    const auto own = store->read();
    std::vector<Lead> rows;
    std::map<LeadId, const Lead*> by_id;
    for (LeadId id : ids) rows.push_back(*own->lead(id));
    for (const Lead& lead : rows) by_id[lead.id] = &lead;
    const std::vector<Lead> leads = every_lead(engine);
    const auto live = static_cast<std::size_t>(
        std::count_if(rows.begin(), rows.end(), [](const Lead& lead) { return lead.merged_into == 0; }));
    if (leads.size() != live)
        problems << "the list has " << leads.size() << " leads, the file " << live << " live ones\n";
    for (const auto& [id, version] : acked.lead_versions) {
        auto found = by_id.find(id);
        if (found == by_id.end()) {
            problems << "acknowledged lead " << id << " is missing\n";
        } else if (found->second->version < version) {
            problems << "lead " << id << " is at version " << found->second->version << ", acknowledged at "
                     << version << "\n";
        }
    }
    // An address or tag stays with the lead it was acknowledged on, or with the lead that absorbed it.
    for (const auto& [address, id] : acked.addresses) {
        if (by_id.count(id) == 0) continue;  // reported above
        const auto holder = engine.find_lead(kBoss, Identity{IdentityKind::email, address, ""});
        const LeadId reads_as = engine.lead(kBoss, id).id;
        if (!holder || holder->id != reads_as)
            problems << "acknowledged address " << address << " is not on lead " << reads_as << " (lead "
                     << id << ")\n";
    }
    for (const auto& [id, tags] : acked.tags) {
        if (by_id.count(id) == 0) continue;  // reported above
        const Lead now = engine.lead(kBoss, id);
        for (const std::string& tag : tags) {
            if (!std::binary_search(now.tags.begin(), now.tags.end(), tag))
                problems << "acknowledged tag " << tag << " is not on lead " << now.id << " (lead " << id
                         << ")\n";
        }
    }
    check_merges(engine, *own, rows, acked, problems);
    check_opportunities(engine, *own, rows, acked, problems);
    for (const std::string& id : acked.users) {
        try {
            engine.user(kBoss, id);
        } catch (const Error&) {
            problems << "acknowledged user " << id << " is missing\n";
        }
    }
    std::set<std::string> pools;
    for (const Pool& pool : engine.pools(kBoss)) pools.insert(pool.name);
    for (const std::string& name : acked.pools) {
        if (pools.count(name) == 0) problems << "acknowledged pool " << name << " is missing\n";
    }
    // Each live lead is at exactly one tier: the per-tier lists add up to every lead, once each.
    std::size_t listed = 0;
    for (int t = 0; t < kTierCount; ++t) {
        LeadFilter filter;
        filter.tier = static_cast<Tier>(t);
        PageRequest page;
        page.limit = kMaxPageSize;
        for (;;) {
            LeadPage found = engine.leads(kBoss, filter, page);
            for (const Lead& lead : found.leads) {
                if (lead.tier != *filter.tier || (lead.reached & tier_bit(lead.tier)) == 0) {
                    problems << "lead " << lead.id << " listed at the wrong tier\n";
                }
            }
            listed += found.leads.size();
            if (!found.next_after) break;
            page.after = *found.next_after;
        }
    }
    if (listed != leads.size())
        problems << listed << " leads listed by tier, " << leads.size() << " in all\n";
    const FunnelReport funnel = engine.funnel(kBoss);
    if (funnel.leads != static_cast<std::int64_t>(leads.size())) {
        problems << "the funnel counts " << funnel.leads << " leads, the list " << leads.size() << "\n";
    }
    for (const Lead& lead : rows) check_history(*own, lead, problems);
    check_feed(engine, rows, acked, problems);
    return problems.str();
}

}  // namespace leadpool::crash
