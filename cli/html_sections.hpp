// leadpool CLI — the HTML report's sections read from the history log: the period report by month,
// the capture cohort table, time in tier, the owners' holdings and the collisions. Each writes one card of the
// report (html_report.cpp) in its language; every text from the data is escaped.
#pragma once

#include <leadpool/capture_cohorts.hpp>
#include <leadpool/collisions.hpp>
#include <leadpool/owner_holdings.hpp>
#include <leadpool/tier_moves.hpp>
#include <leadpool/tier_times.hpp>

#include <ostream>
#include <string>

namespace leadpool::cli {

void moves_section(std::ostream& out, const TierMoves& moves, const std::string& lang);
void cohorts_section(std::ostream& out, const CaptureCohorts& cohorts, const std::string& lang);
// Time in tier: per tier the stays that ended in the period and those open now, then capture to
// order and the won orders' revenue.
void times_section(std::ostream& out, const TierTimes& times, const std::string& lang);
void holdings_section(std::ostream& out, const OwnerHoldings& holdings, const std::string& lang);
void collisions_section(std::ostream& out, const CollisionPage& collisions, Timestamp window, const std::string& lang);

}  // namespace leadpool::cli
