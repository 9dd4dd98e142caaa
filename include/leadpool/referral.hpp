// leadpool — referral ("fission") campaigns: who brought whom, every campaign touch of a lead,
// and what a campaign and its referrers brought.
//
// A lead's referrer is Lead::referred_by, set by the first record that names one (a channel
// record's `referrer`). Ids resolve through merges: a lead referred by a lead that was later
// absorbed is a referral of the survivor. A referral never makes a cycle (ingest leaves such a
// referrer out, listing it in IngestResult::dropped); two leads of one line merged into one can
// still meet themselves, and a tree shows every lead once and a chain stops where it would come
// back.
//
// What an actor sees of leads they may not read (docs/design.md 5.4): such a lead is counted in
// every size and count, shown without its id, tier or conversion, and with its owner only when
// their duplicate disclosure is `owner` (policy.hpp). Under disclosure `none` it is neither shown
// nor counted, nor is anything below it in the tree, and a chain stops before it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/tier.hpp"

namespace leadpool {

// One lead of a referral tree.
struct ReferralNode {
    std::optional<LeadId> lead;  // nullopt: a lead the actor may not read
    std::optional<Tier> tier;    // readable leads only
    bool converted = false;      // reached order (readable leads only)
    // The owner of a lead the actor may not read, when their disclosure is `owner`.
    std::optional<UserId> owner;
    int depth = 0;               // levels below the tree's lead: 0 for it, 1 for whom it brought, ...
    std::int64_t size = 1;       // leads of the subtree the tree reaches, this one included
    std::int64_t converted_leads = 0;  // of them, those that reached order
    int levels = 0;              // how many levels the subtree reaches below this lead
    // Whether this lead brought leads below the depth asked for (they are neither listed nor counted).
    bool more = false;
    std::vector<ReferralNode> referrals;  // whom this lead brought, by id (hidden leads last)
};

// One lead of the chain above: a referrer of the lead, then that lead's referrer, ...
struct ReferralLink {
    std::optional<LeadId> lead;  // nullopt: a lead the actor may not read
    std::optional<Tier> tier;    // readable leads only
    std::optional<UserId> owner;  // hidden leads, disclosure `owner` only
};

struct ReferralTree {
    ReferralNode root;                 // the lead asked about, and whom it brought
    std::vector<ReferralLink> chain;   // its referrer first, up to the root of the line
};

// One campaign touch: a captured record or channel record that carried an attribution.
struct Touch {
    Attribution attribution;
    std::string channel;
    Timestamp at = 0;   // the record's occurred_at
    LeadId lead = 0;    // the lead that took the record (an absorbed one's id inside a merged lead)
};

struct CampaignFilter {
    std::string campaign;  // required: the attribution campaign
    TouchModel touch = TouchModel::first;
};

// What a set of leads of a campaign brought. captured: the leads; qualified, won: of them, those
// that reached opportunity, order; invited: the channel records, on the campaign's leads and the
// readable leads they brought, that named the referrer of these leads as referrer, whether or not
// they made a new lead; referred: the campaign's leads these leads brought.
struct CampaignCounts {
    std::int64_t invited = 0;
    std::int64_t captured = 0;
    std::int64_t qualified = 0;
    std::int64_t won = 0;
    std::int64_t referred = 0;
    double viral_coefficient = 0;  // referred ÷ captured: the new leads each of them brought
};

// Generation 0: the campaign's leads without a referrer in the campaign; generation k+1: the
// campaign's leads referred by generation k. invited: the records naming a lead of generation k-1.
struct CampaignGeneration {
    int generation = 0;
    CampaignCounts counts;
};

// A readable lead of the campaign that brought leads or was named as referrer: invited, the
// records naming it; captured, the campaign's leads it brought; referred, the leads those brought.
struct ReferrerCounts {
    LeadId referrer = 0;
    int generation = 0;
    CampaignCounts counts;
};

struct CampaignMetrics {
    std::string campaign;
    TouchModel touch = TouchModel::first;
    // Every readable lead of the campaign; invited: every record naming one of them; referred:
    // those with a referrer in the campaign.
    CampaignCounts totals;
    std::vector<CampaignGeneration> generations;
    std::vector<ReferrerCounts> referrers;  // by lead id
};

}  // namespace leadpool
