// leadpool — what callers ask for: lead filters, pages and the funnel report.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/limits.hpp"
#include "leadpool/routing.hpp"
#include "leadpool/scoring.hpp"

namespace leadpool {

// A text search: `query` is a substring of the string value of one of `fields`, attribute paths
// ("name", "address.city"). Case-insensitive for ASCII letters only: A-Z match a-z, every other
// byte matches itself ("É" does not find "é"), the same in every store. Values that are not
// JSON strings are not searched.
struct TextSearch {
    std::string query;                // 1 .. kMaxTextSearchBytes bytes
    std::vector<std::string> fields;  // 1 .. kMaxTextSearchFields attribute paths
};

// An identity held by the lead: of `kind`, whose normalised value starts with `prefix` (a phone
// fragment "+39333"), or, for e-mail, whose domain is `domain` ("example.com").
struct IdentityMatch {
    IdentityKind kind = IdentityKind::phone;
    std::string prefix;  // either this
    std::string domain;  // or this (email only)
};

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
    std::optional<Timestamp> active_from;   // last activity, inclusive
    std::optional<Timestamp> active_to;     // last activity, exclusive
    std::optional<LeadId> referred_by;      // leads this lead referred
    std::optional<std::string> campaign;    // the first-touch campaign
    // Routing conditions (routing.hpp) on "attributes.<path>" fields, with the routing meaning
    // (condition_matches); every one must hold.
    std::vector<RuleCondition> attributes;
    std::optional<TextSearch> text;
    std::optional<IdentityMatch> identity;
    std::optional<ScoreRange> score;        // scored in this range of a model (scoring.hpp)
};

// What a page of leads is sorted by. Every sort ends in the lead id, so leads sharing a sort value
// keep one order from page to page.
enum class LeadSortKey : std::uint8_t {
    id = 0,
    created = 1,        // created_at
    updated = 2,        // updated_at
    last_activity = 3,  // last_activity_at
    // the lead's points in LeadSort::score_model (scoring.hpp); a page sorted by score holds
    // only the leads scored in that model, which every live lead is once the model's rescore
    // has finished
    score = 4,
};

// Stable names: "id", "created", "updated", "last_activity", "score".
const char* to_string(LeadSortKey key) noexcept;
std::optional<LeadSortKey> parse_lead_sort_key(std::string_view name) noexcept;

struct LeadSort {
    LeadSortKey key = LeadSortKey::id;
    bool descending = false;
    std::string score_model;  // the scoring model a sort by score reads; empty for other keys
};

// Where a sorted page continues: right after the lead with this sort value and id. Every sort key
// is an int64, so the shape stays when a key is added.
struct LeadCursor {
    std::int64_t key = 0;
    LeadId id = 0;

    friend bool operator==(const LeadCursor& a, const LeadCursor& b) { return a.key == b.key && a.id == b.id; }
};

// Keyset pagination. In id order pass the previous page's `next_after` as `after`; in any order
// pass its `next_cursor` as `cursor` (one or the other, not both).
struct PageRequest {
    LeadId after = 0;
    std::size_t limit = 100;  // 1 .. kMaxPageSize
    LeadSort sort;
    std::optional<LeadCursor> cursor;
};

struct LeadPage {
    std::vector<Lead> leads;
    std::optional<LeadId> next_after;       // set when more leads may follow, in id order only
    std::optional<LeadCursor> next_cursor;  // set when more leads may follow, in every order
};

struct FunnelFilter {
    std::optional<PoolId> pool;  // this pool and every sub pool below it
    std::optional<UserId> owner;
    std::optional<std::string> channel;      // capture channel
    std::optional<Timestamp> captured_from;  // inclusive
    std::optional<Timestamp> captured_to;    // exclusive
    std::optional<std::string> campaign;     // leads whose first or last touch has this campaign
    TouchModel touch = TouchModel::first;
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
