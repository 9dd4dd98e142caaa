// The Store speed-ups' defaults, written on the basic methods: a host's store that writes only
// the basic ones still keeps every promise of store.hpp, just more slowly.
#include <algorithm>
#include <chrono>
#include <functional>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <utility>

#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"
#include "leadpool/store.hpp"
#include "lead_group.hpp"

namespace leadpool {
namespace {

// How many leads a default reads per leads() call: bounds its memory, not its answer.
constexpr std::size_t kPage = 512;

// Visits every lead of `selection`, by id, a page at a time.
template <typename Visit>
void for_each_selected(StoreReader& reader, const LeadSelection& selection, Visit&& visit) {
    for (LeadId after = 0;;) {
        const std::vector<Lead> page = reader.leads(selection, after, kPage);
        for (const Lead& lead : page) visit(lead);
        if (page.size() < kPage) return;
        after = page.back().id;
    }
}

}  // namespace

std::vector<FunnelCell> StoreReader::funnel(const LeadSelection& selection) {
    std::map<std::pair<Tier, TierMask>, std::int64_t> counts;
    for_each_selected(*this, selection, [&](const Lead& lead) { ++counts[{lead.tier, lead.reached}]; });
    std::vector<FunnelCell> cells;
    for (const auto& [key, count] : counts) cells.push_back({key.first, key.second, count});
    return cells;
}

std::vector<FunnelGroupCell> StoreReader::funnel_groups(const LeadSelection& selection,
                                                        const FunnelBreakdownRequest& breakdown) {
    const auto reads = [&](BreakdownKey key) {
        return std::find(breakdown.keys.begin(), breakdown.keys.end(), key) != breakdown.keys.end();
    };
    const bool reads_scores = reads(BreakdownKey::score_band);
    const bool reads_opportunities = reads(BreakdownKey::product_type);
    std::map<std::tuple<std::vector<BreakdownValue>, Tier, TierMask>, std::int64_t> counts;
    for_each_selected(*this, selection, [&](const Lead& lead) {
        const auto scores = reads_scores ? lead_scores(lead.id) : std::vector<LeadScore>{};
        const auto held = reads_opportunities ? opportunities(lead.id) : std::vector<Opportunity>{};
        std::vector<BreakdownValue> group;
        for (const BreakdownKey key : breakdown.keys) {
            group.push_back(breakdown_value(breakdown, key, lead, selection.campaign_touch, scores, held));
        }
        ++counts[{std::move(group), lead.tier, lead.reached}];
    });
    std::vector<FunnelGroupCell> cells;
    for (const auto& [key, count] : counts) {
        cells.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count});
    }
    return cells;
}

std::vector<TierMoveCell> StoreReader::tier_moves(const LeadSelection& selection, Timestamp from, Timestamp to,
                                                  std::optional<MoveKey> by) {
    std::map<std::pair<BreakdownValue, Tier>, std::int64_t> counts;
    for_each_selected(*this, selection, [&](const Lead& lead) {
        for (const HistoryEntry& entry : history(lead.id)) {
            if (entry.at < from || entry.at >= to || !moves_into_tier(entry)) continue;
            ++counts[{by ? move_value(*by, entry) : BreakdownValue{}, entry.to_tier}];
        }
    });
    std::vector<TierMoveCell> cells;
    for (const auto& [key, count] : counts) cells.push_back({key.first, key.second, count});
    return cells;
}

std::vector<OwnerHolding> StoreReader::owner_holdings(const LeadSelection& selection, const HoldingsWindow& window) {
    std::vector<OwnerHolding> lines;
    for_each_selected(*this, selection,
                      [&](const Lead& lead) { count_holdings(lines, lead, history(lead.id), window); });
    return lines;
}

CollisionPage StoreReader::collisions(const LeadSelection& selection, const CollisionRequest& request,
                                      const CollisionPageRequest& page) {
    CollisionPage result;
    for (LeadId after = page.after.value_or(0);;) {
        const std::vector<Lead> leads = this->leads(selection, after, kPage);
        for (const Lead& lead : leads) {
            auto collision = collision_of(lead.id, detail::group_history(*this, detail::group_of(*this, lead.id)), request);
            if (!collision) continue;
            if (result.collisions.size() == page.limit) {
                result.next_after = result.collisions.back().lead;
                return result;
            }
            MergeFilter merges;
            merges.lead = lead.id;
            merges.collisions_only = true;
            merges.at_from = request.from;
            merges.at_to = request.to;
            for (const MergeRecord& merge : selected_merges(merges, RecordPageRequest{{}, kMaxPageSize})) {
                if (merge.survivor == lead.id) collision->merges.push_back(merge.id);
            }
            result.collisions.push_back(std::move(*collision));
        }
        if (leads.size() < kPage) return result;
        after = leads.back().id;
    }
}

std::vector<SharePoint> StoreReader::public_share(const LeadSelection& selection, const std::vector<PoolId>& pools,
                                                  std::vector<SharePoint> points) {
    for_each_selected(*this, selection, [&](const Lead& lead) {
        const std::vector<HistoryEntry> entries = history(lead.id);
        for (SharePoint& point : points) {
            const auto placement = placement_before(entries, point.at);
            if (!placement || !std::binary_search(pools.begin(), pools.end(), placement->pool)) continue;
            ++point.leads;
            if (placement->owner.empty()) ++point.unowned;
        }
    });
    return points;
}

std::vector<CohortCell> StoreReader::cohort_cells(const LeadSelection& selection, CohortPeriod period) {
    std::map<std::tuple<Timestamp, Tier, Timestamp>, std::int64_t> counts;
    for_each_selected(*this, selection, [&](const Lead& lead) {
        const std::vector<HistoryEntry> entries = history(lead.id);
        for (const Tier tier : kCohortTiers) {
            if (const auto at = first_move_into(entries, tier)) {
                ++counts[{period_start(period, lead.created_at), tier, period_start(period, *at)}];
            }
        }
    });
    std::vector<CohortCell> cells;
    for (const auto& [key, count] : counts) {
        cells.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), count});
    }
    return cells;
}

void StoreReader::tier_time_samples(const LeadSelection& selection, const TierTimesRequest& request,
                                    const std::function<void(TierTimeSample&&)>& visit) {
    const Timestamp from = request.from.value_or(std::numeric_limits<Timestamp>::min());
    const Timestamp to = request.to.value_or(std::numeric_limits<Timestamp>::max());
    const Timestamp at = request.at.value_or(0);
    const auto in_period = [&](Timestamp t) { return t >= from && t < to; };
    FunnelBreakdownRequest grouping;
    if (request.by) grouping.keys = {*request.by};
    for_each_selected(*this, selection, [&](const Lead& lead) {
        const BreakdownValue group =
            request.by ? breakdown_value(grouping, *request.by, lead, selection.campaign_touch, {}, {}) : BreakdownValue{};
        const auto sample = [&](TierTimeMeasure measure, Tier tier, std::int64_t value) {
            visit(TierTimeSample{group, measure, tier, value});
        };
        for (const TierStay& stay : tier_stays(history(lead.id))) {
            if (static_cast<int>(stay.tier) >= kStayTierCount) continue;  // lost and invalid are ends
            if (stay.left_at && in_period(*stay.left_at)) {
                sample(TierTimeMeasure::finished_stay, stay.tier, *stay.left_at - stay.entered_at);
            }
            if (stay.entered_at <= at && (!stay.left_at || *stay.left_at > at)) {
                sample(TierTimeMeasure::open_stay, stay.tier, at - stay.entered_at);
            }
            if (stay.tier == Tier::order && stay.first && in_period(stay.entered_at)) {
                sample(TierTimeMeasure::to_order, Tier::order, stay.entered_at - lead.created_at);
            }
        }
        for (const Opportunity& opportunity : opportunities(lead.id)) {
            if (opportunity.status == OpportunityStatus::won && in_period(opportunity.closed_at)) {
                sample(TierTimeMeasure::won_order, Tier::order, opportunity.order_amount);
            }
        }
    });
}

std::vector<Lead> StoreReader::sorted_leads(const LeadSelection& selection, const LeadOrder& order,
                                           std::size_t limit) {
    // A heap of (place, lead) whose top is the last lead kept so far.
    std::vector<std::pair<LeadCursor, Lead>> kept;
    if (limit == 0) return {};
    const bool by_score = order.sort.key == LeadSortKey::score;
    const auto before = [&](const std::pair<LeadCursor, Lead>& a, const std::pair<LeadCursor, Lead>& b) {
        return comes_after(order.sort, a.first, b.first);
    };
    for_each_selected(*this, selection, [&](const Lead& lead) {
        const auto value = sort_value(order.sort, lead, by_score ? lead_scores(lead.id) : std::vector<LeadScore>{});
        if (!value) return;
        const LeadCursor at{*value, lead.id};
        if (order.after && !comes_after(order.sort, *order.after, at)) return;
        kept.emplace_back(at, lead);
        std::push_heap(kept.begin(), kept.end(), before);
        if (kept.size() > limit) {
            std::pop_heap(kept.begin(), kept.end(), before);
            kept.pop_back();
        }
    });
    std::sort_heap(kept.begin(), kept.end(), before);
    std::vector<Lead> out;
    out.reserve(kept.size());
    for (auto& [at, lead] : kept) out.push_back(std::move(lead));
    return out;
}

std::vector<Opportunity> StoreReader::selected_opportunities(const LeadSelection& leads_selected,
                                                             const OpportunitySelection& selection,
                                                             const std::optional<OpportunityCursor>& after,
                                                             std::size_t limit) {
    std::vector<Opportunity> out;
    // Leads come by id and each lead's opportunities by number: the first `limit` found are the page.
    for (LeadId from = after && after->lead > 0 ? after->lead - 1 : 0; out.size() < limit;) {
        const std::vector<Lead> page = leads(leads_selected, from, kPage);
        for (const Lead& lead : page) {
            for (Opportunity& opportunity : opportunities(lead.id)) {
                if (after && lead.id == after->lead && opportunity.number <= after->number) continue;
                if (!opportunity_matches(selection, opportunity)) continue;
                out.push_back(std::move(opportunity));
                if (out.size() == limit) return out;
            }
        }
        if (page.size() < kPage) break;
        from = page.back().id;
    }
    return out;
}

std::vector<LeadId> StoreReader::lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit) {
    std::vector<LeadId> ids;
    for (const Lead& lead : leads(selection, after, limit)) ids.push_back(lead.id);
    return ids;
}

std::vector<Lead> StoreReader::idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) {
    LeadSelection in_pool;
    in_pool.tiers = tiers;
    in_pool.pools = std::vector<PoolId>{pool};
    in_pool.visible_if = {VisibilityClause{}};
    std::vector<Lead> idle;
    for_each_selected(*this, in_pool, [&](const Lead& lead) {
        if (!lead.owner.empty() && lead.last_activity_at < active_before) idle.push_back(lead);
    });
    return idle;
}

std::vector<Change> StoreReader::lead_changes(LeadId lead) {
    std::vector<Change> out;
    for (std::int64_t after = 0;;) {
        const std::vector<Change> page = changes(after, kPage);
        for (const Change& change : page) {
            if (change.lead == lead) out.push_back(change);
        }
        if (page.size() < kPage) return out;
        after = page.back().seq;
    }
}

std::vector<std::int64_t> StoreWriter::set_owners(const std::vector<Assignment>& owners, Timestamp at) {
    // Every lead is read and checked before the first is written, so an error writes nothing.
    std::vector<Lead> changed;
    std::set<LeadId> named;
    for (const Assignment& assignment : owners) {
        auto stored = lead(assignment.lead);
        if (!stored) throw Error(ErrorCode::not_found, "no lead " + std::to_string(assignment.lead));
        if (!named.insert(assignment.lead).second) {
            throw Error(ErrorCode::invalid_argument, "set_owners: a lead is named twice");
        }
        stored->owner = assignment.owner;
        stored->updated_at = stored->last_activity_at = at;
        ++stored->version;
        changed.push_back(std::move(*stored));
    }
    std::vector<std::int64_t> versions;
    versions.reserve(changed.size());
    for (const Lead& lead : changed) {
        update_lead(lead);
        versions.push_back(lead.version);
    }
    return versions;
}

bool Store::wait_for_change(std::int64_t after, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (read()->last_change_seq() > after) return true;
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) return false;
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(kChangePollInterval, deadline - now));
    }
}

ScrubOutcome Store::scrub() { return ScrubOutcome::complete; }

}  // namespace leadpool
