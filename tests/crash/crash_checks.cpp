// The driver's checks on a file after a kill.
#include <SQLiteCpp/SQLiteCpp.h>
#include <leadpool/leadpool.hpp>

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

// Replaying the lead's history from its capture must give where it is now: each row starts where
// the one before ended, every change wrote one row, and the tiers it passed make `reached`.
void check_history(Engine& engine, const Lead& lead, std::ostream& problems) {
    const auto history = engine.history(kBoss, lead.id);
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

// The counters the triggers keep, against a count of the rows themselves, both ways.
void check_counters(SQLite::Database& db, std::ostream& problems) {
    const char* counted =
        "SELECT tier, reached, pool_id, owner, channel, capture_day, count(*) FROM leads "
        "GROUP BY tier, reached, pool_id, owner, channel, capture_day";
    const char* kept = "SELECT tier, reached, pool_id, owner, channel, capture_day, n FROM funnel_counts";
    for (const auto& [a, b] : {std::pair{counted, kept}, std::pair{kept, counted}}) {
        const int differ =
            db.execAndGet(std::string("SELECT count(*) FROM (") + a + " EXCEPT " + b + ")").getInt();
        if (differ != 0) problems << "funnel counters differ from the leads in " << differ << " cells\n";
    }
}

}  // namespace

bool record_ack(const std::string& line, Acknowledged& acked) {
    std::istringstream in(line);
    std::string kind, address;
    if (!(in >> kind)) return false;
    if (kind == "user" || kind == "pool") {
        std::string name;
        if (!(in >> name)) return false;
        (kind == "user" ? acked.users : acked.pools).insert(name);
        ++acked.operations;
        return true;
    }
    std::int64_t lead = 0, version = 0;
    if (!(in >> lead >> version)) return false;
    in >> address;
    auto& known = acked.lead_versions[lead];
    known = std::max(known, version);
    if (!address.empty()) acked.addresses[address] = lead;
    ++acked.operations;
    return true;
}

std::string check_file(const std::string& file, const Acknowledged& acked) {
    std::ostringstream problems;
    {
        SQLite::Database db(file, SQLite::OPEN_READWRITE);
        const std::string integrity = db.execAndGet("PRAGMA integrity_check").getString();
        if (integrity != "ok") problems << "integrity_check: " << integrity << "\n";
        check_counters(db, problems);
    }
    Engine engine(open_sqlite_store(file));
    if (!engine.initialized()) return problems.str();  // killed before the first commit
    const std::vector<Lead> leads = every_lead(engine);
    std::map<LeadId, const Lead*> by_id;
    for (const Lead& lead : leads) by_id[lead.id] = &lead;
    for (const auto& [id, version] : acked.lead_versions) {
        auto found = by_id.find(id);
        if (found == by_id.end()) {
            problems << "acknowledged lead " << id << " is missing\n";
        } else if (found->second->version < version) {
            problems << "lead " << id << " is at version " << found->second->version << ", acknowledged at "
                     << version << "\n";
        }
    }
    for (const auto& [address, id] : acked.addresses) {
        const auto holder = engine.find_lead(kBoss, Identity{IdentityKind::email, address, ""});
        if (!holder || holder->id != id)
            problems << "acknowledged address " << address << " is not on lead " << id << "\n";
    }
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
    // Each lead is at exactly one tier: the per-tier lists add up to every lead, once each.
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
    for (const Lead& lead : leads) check_history(engine, lead, problems);
    return problems.str();
}

}  // namespace leadpool::crash
