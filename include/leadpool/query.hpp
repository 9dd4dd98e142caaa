// leadpool — what callers ask for: lead filters, pages and the funnel report.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/limits.hpp"
#include "leadpool/scoring.hpp"

namespace leadpool {

// Filters for listing leads. Every field set must match. The actor only ever gets leads they
// may read, whatever the filter says.
struct LeadFilter {
    std::optional<Tier> tier;
    std::optional<PoolId> pool;  // this pool and every sub pool below it
    std::optional<UserId> owner;
    std::optional<std::string> channel;  // the channel the lead was first captured from
    std::optional<std::string> tag;
    std::optional<Timestamp> created_from;  // inclusive
    std::optional<Timestamp> created_to;    // exclusive
    std::optional<ScoreRange> score;        // scored in this range of a model (scoring.hpp)
};

// Keyset pagination in lead-id order: pass the previous page's `next_after` as `after`.
struct PageRequest {
    LeadId after = 0;
    std::size_t limit = 100;  // 1 .. kMaxPageSize
};

struct LeadPage {
    std::vector<Lead> leads;
    std::optional<LeadId> next_after;  // set when more leads may follow
};

struct FunnelFilter {
    std::optional<PoolId> pool;  // this pool and every sub pool below it
    std::optional<UserId> owner;
    std::optional<std::string> channel;      // capture channel
    std::optional<Timestamp> captured_from;  // inclusive
    std::optional<Timestamp> captured_to;    // exclusive
    std::optional<ScoreRange> score;         // a score band of a model (scoring.hpp)
};

// The funnel read both ways (docs/design.md 2.3), over the leads the actor may read.
struct FunnelReport {
    struct TierCount {
        Tier tier = Tier::master;
        std::int64_t at = 0;       // leads at this tier now
        std::int64_t reached = 0;  // leads that were ever at this tier
    };
    struct Conversion {
        Tier from = Tier::master;
        Tier to = Tier::sub;
        double rate = 0;  // reached(to) / reached(from); 0 when nothing reached `from`
    };

    std::int64_t leads = 0;                   // every lead matched (they all reached master)
    std::array<TierCount, kTierCount> tiers;  // indexed by Tier
    std::vector<Conversion> conversions;      // master->sub, sub->opportunity, opportunity->order
    double main_line_conversion = 0;          // orders / leads: reached(order) / leads

    const TierCount& operator[](Tier t) const { return tiers[static_cast<std::size_t>(t)]; }
};

}  // namespace leadpool
