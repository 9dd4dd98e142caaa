#include "breakdown.hpp"

#include <leadpool/engine.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "exit_codes.hpp"
#include "session.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

constexpr Timestamp kDay = 86'400'000;

// Days since the epoch -> (year, month), and the first day of a month back (Hinnant).
void civil_from_days(std::int64_t z, int& year, unsigned& month) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (month <= 2));
}

Timestamp month_start(int year, unsigned month) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02u-01", year, month);
    return *parse_time(text);
}

// Every capture channel and the capture times' range among the leads the actor may read.
struct LeadScan {
    std::set<std::string> channels;
    Timestamp first = 0, last = 0;
    bool any = false;
};

LeadScan scan_leads(Session& session) {
    LeadScan scan;
    PageRequest page;
    page.limit = kMaxPageSize;
    while (true) {
        const LeadPage leads = session.engine().leads(session.as(), {}, page);
        for (const Lead& lead : leads.leads) {
            scan.channels.insert(lead.channel);
            if (!scan.any || lead.created_at < scan.first) scan.first = lead.created_at;
            if (!scan.any || lead.created_at > scan.last) scan.last = lead.created_at;
            scan.any = true;
        }
        if (!leads.next_after) break;
        page.after = *leads.next_after;
    }
    return scan;
}

}  // namespace

Breakdown parse_breakdown(const std::string& name) {
    if (name == "pool") return Breakdown::pool;
    if (name == "owner") return Breakdown::owner;
    if (name == "channel") return Breakdown::channel;
    if (name == "month") return Breakdown::month;
    throw UsageError("--by: pool, owner, channel or month");
}

const char* to_string(Breakdown by) {
    switch (by) {
    case Breakdown::pool: return "pool";
    case Breakdown::owner: return "owner";
    case Breakdown::channel: return "channel";
    case Breakdown::month: return "month";
    }
    return "";
}

std::vector<FunnelGroup> funnel_by(Session& session, Breakdown by) {
    Engine& engine = session.engine();
    const UserId& actor = session.as();
    std::vector<FunnelGroup> groups;
    auto add = [&](std::string key, std::string label, int depth, const FunnelFilter& filter) {
        FunnelReport report = engine.funnel(actor, filter);
        if (report.leads > 0) groups.push_back({std::move(key), std::move(label), depth, std::move(report)});
    };
    switch (by) {
    case Breakdown::pool: {
        const std::vector<Pool> pools = engine.pools(actor);
        std::map<std::optional<PoolId>, std::vector<const Pool*>> children;
        for (const Pool& pool : pools) {
            if (pool.id != kMasterPoolId) children[pool.parent].push_back(&pool);
        }
        for (const Pool& pool : pools) {
            if (pool.id == kMasterPoolId) add(std::to_string(pool.id), pool.name, 0, FunnelFilter{pool.id});
        }
        std::function<void(std::optional<PoolId>, int)> walk = [&](std::optional<PoolId> parent, int depth) {
            for (const Pool* pool : children[parent]) {
                add(std::to_string(pool->id), pool->name, depth, FunnelFilter{pool->id});
                walk(pool->id, depth + 1);
            }
        };
        walk(std::nullopt, 0);
        break;
    }
    case Breakdown::owner:
        for (const User& user : engine.users(actor)) {
            FunnelFilter filter;
            filter.owner = user.id;
            add(user.id, user.name.empty() ? user.id : user.name, 0, filter);
        }
        break;
    case Breakdown::channel:
        for (const std::string& channel : scan_leads(session).channels) {
            FunnelFilter filter;
            filter.channel = channel;
            add(channel, channel, 0, filter);
        }
        break;
    case Breakdown::month: {
        const LeadScan scan = scan_leads(session);
        if (!scan.any) break;
        int year = 0;
        unsigned month = 0;
        civil_from_days(scan.first / kDay - (scan.first % kDay < 0), year, month);
        for (Timestamp from = month_start(year, month); from <= scan.last;) {
            if (++month > 12) month = 1, ++year;
            const Timestamp to = month_start(year, month);
            FunnelFilter filter;
            filter.captured_from = from;
            filter.captured_to = to;
            const std::string key = format_date(from).substr(0, 7);
            add(key, key, 0, filter);
            from = to;
        }
        break;
    }
    }
    return groups;
}

}  // namespace leadpool::cli
