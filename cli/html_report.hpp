// leadpool CLI — the HTML report: one self-contained file (inline CSS and SVG, no script, no
// network), a pyramid of the tiers with at-now and reached counts, the conversions, and the
// funnel per sub pool and per channel. Every text from the data is escaped.
#pragma once

#include <leadpool/capture_cohorts.hpp>
#include <leadpool/collisions.hpp>
#include <leadpool/owner_holdings.hpp>
#include <leadpool/query.hpp>
#include <leadpool/stage.hpp>
#include <leadpool/tier_moves.hpp>
#include <leadpool/tier_times.hpp>
#include <leadpool/user.hpp>

#include <optional>
#include <string>
#include <vector>

#include "breakdown.hpp"

namespace leadpool::cli {

struct ReportData {
    std::string lang = "en";  // en or zh: the language of the report's own labels
    std::string title;        // e.g. the company's name; empty: the default heading
    Timestamp at = 0;         // the clock's now
    User actor;
    OrgStage stage = OrgStage::factory_led;
    std::string scope;  // what the actor may read, in words (scope_words)
    FunnelReport total;
    std::vector<FunnelGroup> pools;
    std::vector<FunnelGroup> channels;
    // The sections read from the history log (html_sections.hpp); left out when not set.
    std::optional<TierMoves> moves_by_month;
    std::optional<CaptureCohorts> cohorts;
    std::optional<TierTimes> times;
    std::optional<OwnerHoldings> holdings;
    std::optional<CollisionPage> collisions;
    Timestamp collision_window = 0;
};

// What `read` reaches for an actor with these scopes (a mask of 1 << Scope), in the language.
std::string scope_words(std::uint8_t scopes, const std::string& lang);

std::string html_report(const ReportData& data);

std::string html_escape(const std::string& text);

}  // namespace leadpool::cli
