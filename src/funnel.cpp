#include "funnel.hpp"

#include <iterator>

#include "leads.hpp"

namespace leadpool::detail {
namespace {

double rate(std::int64_t part, std::int64_t whole) {
    return whole == 0 ? 0.0 : static_cast<double>(part) / static_cast<double>(whole);
}

}  // namespace

LeadSelection funnel_selection(const Reading& reading, const FunnelFilter& filter) {
    LeadSelection selection = visible_selection(reading, filter.pool);
    selection.owner = filter.owner;
    selection.channel = filter.channel;
    selection.created_from = filter.captured_from;
    selection.created_to = filter.captured_to;
    selection.campaign = filter.campaign;
    selection.campaign_touch = filter.touch;
    selection.score = checked_score_range(filter.score);
    return selection;
}

void count_into(FunnelReport& report, Tier tier, TierMask reached, std::int64_t count) {
    report.leads += count;
    report.tiers[static_cast<std::size_t>(tier)].at += count;
    for (int t = 0; t < kTierCount; ++t) {
        if (reached & tier_bit(static_cast<Tier>(t))) report.tiers[t].reached += count;
    }
}

FunnelReport finished(FunnelReport report) {
    for (int t = 0; t < kTierCount; ++t) report.tiers[t].tier = static_cast<Tier>(t);
    const Tier main_line[] = {Tier::master, Tier::sub, Tier::opportunity, Tier::order};
    report.conversions.clear();
    for (std::size_t i = 0; i + 1 < std::size(main_line); ++i) {
        report.conversions.push_back({main_line[i], main_line[i + 1],
                                      rate(report[main_line[i + 1]].reached, report[main_line[i]].reached)});
    }
    report.main_line_conversion = rate(report[Tier::order].reached, report.leads);
    return report;
}

FunnelReport funnel(const Reading& reading, const FunnelFilter& filter) {
    reading.access.require(Action::report);
    FunnelReport report;
    for (const FunnelCell& cell : reading.store.funnel(funnel_selection(reading, filter))) {
        count_into(report, cell.tier, cell.reached, cell.count);
    }
    return finished(std::move(report));
}

}  // namespace leadpool::detail
