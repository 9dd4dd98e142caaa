#include "campaign_metrics.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "lead_group.hpp"
#include "leadpool/limits.hpp"
#include "leads.hpp"
#include "referral_links.hpp"

namespace leadpool::detail {
namespace {

constexpr std::size_t kPage = 500;

// A lead of the campaign and its place in the campaign's referral lines.
struct Member {
    Lead lead;
    LeadId referrer = 0;  // the lead of the campaign that brought it; 0: none in the campaign
    int generation = -1;  // -1 until known
    std::int64_t invited = 0;  // records on the campaign's leads that named it as referrer
};

using Members = std::map<LeadId, Member>;

Members readable_members(const Reading& reading, const CampaignFilter& filter) {
    LeadSelection selection = visible_selection(reading, std::nullopt);
    selection.campaign = filter.campaign;
    selection.campaign_touch = filter.touch;
    Members out;
    for (LeadId after = 0;;) {
        std::vector<Lead> page = reading.store.leads(selection, after, kPage);
        for (Lead& lead : page) {
            const LeadId id = lead.id;
            out[id].lead = std::move(lead);
        }
        if (page.size() < kPage) break;
        after = page.back().id;
    }
    return out;
}

// The lead a history row's record named as referrer, as it resolves now; 0 for none.
LeadId named_referrer(StoreReader& store, const HistoryEntry& row) {
    if (row.action != Action::capture) return 0;
    const auto detail = nlohmann::json::parse(row.detail, nullptr, false);
    if (!detail.is_object()) return 0;
    const auto referrer = detail.find("referrer");
    if (referrer == detail.end() || !referrer->is_object()) return 0;
    const auto kind = parse_identity_kind(referrer->value("kind", ""));
    if (!kind) return 0;
    const auto holder = store.lead_by_identity(
        Identity{*kind, referrer->value("value", ""), referrer->value("scope", "")});
    return holder ? resolved_lead(store, *holder).id : 0;
}

void count_invitations(StoreReader& store, LeadId lead, Members& members) {
    for (const HistoryEntry& row : group_history(store, group_of(store, lead))) {
        const auto named = members.find(named_referrer(store, row));
        if (named != members.end()) ++named->second.invited;
    }
}

// Each member's referrer within the campaign, and the records naming a member: those on the
// members and on the readable leads they brought outside the campaign (each lead has one referrer,
// so each is read once).
void link(const Reading& reading, Members& members) {
    StoreReader& store = reading.store;
    for (auto& [id, member] : members) {
        if (auto referrer = referrer_of(store, member.lead); referrer && members.count(referrer->id))
            member.referrer = referrer->id;
        count_invitations(store, id, members);
        for (const Lead& brought : referrals_of(store, id)) {
            if (!members.count(brought.id) && reading.access.allows(Action::read, brought))
                count_invitations(store, brought.id, members);
        }
    }
}

// Generation 0 has no referrer in the campaign; a line that meets itself (leads of one line
// merged into one) starts where the walk came back.
int generation(Members& members, LeadId id) {
    std::vector<LeadId> line;
    std::set<LeadId> seen;
    LeadId current = id;
    while (current != 0 && members.at(current).generation < 0 && seen.insert(current).second) {
        line.push_back(current);
        current = members.at(current).referrer;
    }
    int next = current == 0 || members.at(current).generation < 0 ? 0 : members.at(current).generation + 1;
    for (auto it = line.rbegin(); it != line.rend(); ++it) members.at(*it).generation = next++;
    return members.at(id).generation;
}

double ratio(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

void count_lead(CampaignCounts& counts, const Lead& lead) {
    ++counts.captured;
    if (lead.reached & tier_bit(Tier::opportunity)) ++counts.qualified;
    if (lead.reached & tier_bit(Tier::order)) ++counts.won;
}

void finish(CampaignCounts& counts) { counts.viral_coefficient = ratio(counts.referred, counts.captured); }

}  // namespace

CampaignMetrics campaign_metrics(const Reading& reading, const CampaignFilter& filter) {
    reading.access.require(Action::report);
    if (filter.campaign.empty()) throw Error(ErrorCode::invalid_argument, "campaign: required");
    if (filter.campaign.size() > kMaxTextBytes) {
        throw Error(ErrorCode::limit_exceeded,
                    "campaign: longer than " + std::to_string(kMaxTextBytes) + " bytes");
    }
    Members members = readable_members(reading, filter);
    link(reading, members);

    CampaignMetrics out;
    out.campaign = filter.campaign;
    out.touch = filter.touch;
    std::map<LeadId, CampaignCounts> by_referrer;  // what each member's referrals did
    for (auto& [id, member] : members) {
        const int g = generation(members, id);
        if (out.generations.size() <= static_cast<std::size_t>(g)) out.generations.resize(static_cast<std::size_t>(g) + 1);
        CampaignCounts& generation_counts = out.generations[g].counts;
        count_lead(out.totals, member.lead);
        count_lead(generation_counts, member.lead);
        out.totals.invited += member.invited;
        by_referrer[id].invited = member.invited;
        if (member.referrer != 0) {
            ++out.totals.referred;
            count_lead(by_referrer[member.referrer], member.lead);
            const LeadId above = members.at(member.referrer).referrer;
            if (above != 0) ++by_referrer[above].referred;
        }
    }
        for (auto& [id, counts] : by_referrer) {
        const Member& member = members.at(id);
        // The records naming a lead of generation k invited generation k+1, if anyone came.
        if (member.invited > 0) {
            const auto invited = static_cast<std::size_t>(member.generation + 1);
            if (out.generations.size() <= invited) out.generations.resize(invited + 1);
            out.generations[invited].counts.invited += member.invited;
        }
        out.generations[member.generation].counts.referred += counts.captured;
        finish(counts);
        if (counts.invited > 0 || counts.captured > 0) out.referrers.push_back({id, member.generation, counts});
    }
    finish(out.totals);
    for (std::size_t g = 0; g < out.generations.size(); ++g) {
        out.generations[g].generation = static_cast<int>(g);
        finish(out.generations[g].counts);
    }
    return out;
}

}  // namespace leadpool::detail
