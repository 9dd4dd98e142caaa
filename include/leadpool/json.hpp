// leadpool — the domain as JSON text: what the C ABI, the bindings and hosts exchange.
//
// The shapes are documented in docs/json.md. Readers are strict: unknown fields,
// wrong types and unknown names are Error(invalid_argument) with a message naming the field by
// its path (e.g. "identities[1].kind: unknown identity kind 'fax'"); input over a limit is
// Error(limit_exceeded). Writers produce compact UTF-8 JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/capture_cohorts.hpp"
#include "leadpool/change_feed.hpp"
#include "leadpool/error.hpp"
#include "leadpool/funnel_breakdown.hpp"
#include "leadpool/tier_moves.hpp"
#include "leadpool/tier_times.hpp"
#include "leadpool/collisions.hpp"
#include "leadpool/owner_holdings.hpp"
#include "leadpool/public_share.hpp"
#include "leadpool/history.hpp"
#include "leadpool/ingest.hpp"
#include "leadpool/lead.hpp"
#include "leadpool/merge.hpp"
#include "leadpool/personal_data.hpp"
#include "leadpool/pool.hpp"
#include "leadpool/query.hpp"
#include "leadpool/referral.hpp"
#include "leadpool/rekey.hpp"
#include "leadpool/scoring.hpp"
#include "leadpool/transition.hpp"
#include "leadpool/user.hpp"
#include "leadpool/pool_mechanics.hpp"

namespace leadpool {

std::string to_json(const Lead& lead);
std::string to_json(const std::vector<Lead>& leads);
std::string to_json(const CaptureResult& result);
std::string to_json(const std::vector<CaptureResult>& results);
std::string to_json(const LeadPage& page);
std::string to_json(const User& user);
std::string to_json(const std::vector<User>& users);
std::string to_json(const Pool& pool);
std::string to_json(const std::vector<Pool>& pools);
std::string to_json(const std::vector<HistoryEntry>& history);
std::string to_json(const std::vector<OrgEvent>& events);
std::string to_json(const FunnelReport& report);
// {"keys": [...], "rows": [{"group": {key: value | null}, "report": FunnelReport}], "total": FunnelReport}
std::string to_json(const FunnelBreakdown& breakdown);
// {"from", "to", "by", "rows": [{"group": value | null, "into": {tier: n}}], "into": {tier: n}}
std::string to_json(const TierMoves& moves);
// {"period", "periods_after", "cohorts": [{"start", "leads", "reached": [{"sub", "opportunity", "order"}]}]}
std::string to_json(const CaptureCohorts& table);
// {"from", "to", "at", "by", "rows": [{"group": value | null, "times": part}], "total": part}; a part
// is {"tiers": {tier: {"finished": stats, "open": stats}}, "to_order": stats, "revenue": {...}}
std::string to_json(const TierTimes& times);
std::string to_json(const std::vector<IngestResult>& results);
std::string to_json(const MergeRecord& merge);
std::string to_json(const std::vector<MergeRecord>& merges);
std::string to_json(const std::vector<IdentityConflict>& conflicts);
std::string to_json(const IdentityConflict& conflict);
std::string to_json(const MergePage& page);     // {"merges": [...], "next_after": id | null}
std::string to_json(const ConflictPage& page);  // {"conflicts": [...], "next_after": id | null}
std::string to_json(const std::vector<LeadEvent>& events);
std::string to_json(const std::vector<AttributeValue>& values);
std::string to_json(const RekeyReport& report);
std::string to_json(const ReferralTree& tree);
std::string to_json(const std::vector<Touch>& touches);
std::string to_json(const CampaignMetrics& metrics);
CampaignFilter campaign_filter_from_json(std::string_view text);

LeadInput lead_input_from_json(std::string_view text);
std::vector<LeadInput> lead_inputs_from_json(std::string_view text);  // a JSON array
Identity identity_from_json(std::string_view text);
LeadUpdate lead_update_from_json(std::string_view text);
User user_from_json(std::string_view text);
PoolSpec pool_spec_from_json(std::string_view text);
TransitionRequest transition_from_json(std::string_view text);
std::vector<TransitionRequest> transitions_from_json(std::string_view text);  // a JSON array
LeadFilter lead_filter_from_json(std::string_view text);
PageRequest page_from_json(std::string_view text);
FunnelFilter funnel_filter_from_json(std::string_view text);
FunnelBreakdownRequest funnel_breakdown_request_from_json(std::string_view text);
TierMovesRequest tier_moves_request_from_json(std::string_view text);
CohortRequest cohort_request_from_json(std::string_view text);
TierTimesRequest tier_times_request_from_json(std::string_view text);
std::string to_json(const CollisionPage& page);
std::string to_json(const OwnerHoldings& holdings);
std::string to_json(const PublicShare& share);
CollisionRequest collision_request_from_json(std::string_view text);
// {"after"?: lead id | null, "limit"?: 1..kMaxPageSize (default 100)}
CollisionPageRequest collision_page_from_json(std::string_view text);
HoldingsRequest holdings_request_from_json(std::string_view text);
PublicShareRequest public_share_request_from_json(std::string_view text);

// One record of a batch: read, or refused with the error that names its place.
struct ParsedRecord {
    std::optional<ChannelRecord> record;
    std::optional<Error> error;
};
// Channel records as a JSON array or as JSON Lines (one object per line, blank lines skipped).
// A record that is not valid is refused alone; a malformed array, or more than kMaxBatchSize
// records, fails the whole text.
std::vector<ParsedRecord> channel_records_from_json(std::string_view text);
IngestOptions ingest_options_from_json(std::string_view text);
MergeFilter merge_filter_from_json(std::string_view text);
ConflictFilter conflict_filter_from_json(std::string_view text);
// {"after"?: id | null, "limit"?: 1..kMaxPageSize (default 100), "newest_first"?: bool}
RecordPageRequest record_page_from_json(std::string_view text);

// --- personal data (src/json_personal_data.cpp) -----------------------------------------------
std::string to_json(const ErasureReport& report);
std::string to_json(const PersonalData& data);
// {"reason": string, "suppress"?: bool}
ErasureRequest erasure_request_from_json(std::string_view text);

// --- public-pool mechanics (src/json_pool_mechanics.cpp) ---------------------------------------
std::string to_json(const RoutingTable& table);
std::string to_json(const std::vector<RouteDecision>& decisions);
std::string to_json(const PoolSettings& settings);
std::string to_json(const AssignResult& result);
std::string to_json(const Activity& activity);
std::string to_json(const std::vector<Activity>& activities);
std::string to_json(const MaintenanceReport& report);
std::string to_json(const std::vector<Workflow>& workflows);
std::string to_json(const Workflow& workflow);
std::string to_json(const Opportunity& opportunity);
std::string to_json(const std::vector<Opportunity>& opportunities);
std::string to_json(const OpportunityPage& page);  // {"opportunities": [...], "next_cursor"}

RoutingTable routing_table_from_json(std::string_view text);
RouteRequest route_request_from_json(std::string_view text);
PoolSettings pool_settings_from_json(std::string_view text);
AssignRequest assign_request_from_json(std::string_view text);
FollowUp follow_up_from_json(std::string_view text);
Workflow workflow_from_json(std::string_view text);
std::vector<Workflow> workflows_from_json(std::string_view text);  // a JSON array
OpportunityRequest opportunity_request_from_json(std::string_view text);
OpportunityFilter opportunity_filter_from_json(std::string_view text);
OpportunityPageRequest opportunity_page_from_json(std::string_view text);
// {"order_amount"?: integer}: the amount of the order a win records.
std::optional<std::int64_t> win_request_from_json(std::string_view text);

// --- lead scoring (src/json_scoring.cpp) -------------------------------------------------------
std::string to_json(const ScoringRules& rules);
std::string to_json(const std::vector<LeadScore>& scores);
std::string to_json(const RescoreReport& report);
// {"models": [{"name", "rules": [...], "cap"?, "floor"?}]}; the shape is checked here, the
// meaning (names, operators, limits) by Engine::set_scoring_rules.
ScoringRules scoring_rules_from_json(std::string_view text);

// --- the change feed (src/json_feed.cpp) -------------------------------------------------------
std::string to_json(const std::vector<Change>& changes);
std::string to_json(const ChangePage& page);
std::string to_json(const FeedConsumer& consumer);
std::string to_json(const std::vector<FeedConsumer>& consumers);
std::string to_json(const FeedSettings& settings);
// {"since"?, "consumer"?, "limit"?, "filter"?: {"kinds"?, "pool"?, "owner"?, "lead"?}}
ChangeQuery change_query_from_json(std::string_view text);
ChangeFilter change_filter_from_json(std::string_view text);
FeedSettings feed_settings_from_json(std::string_view text);

}  // namespace leadpool
