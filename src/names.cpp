// Stable names of every public enum: used in JSON, the C ABI, logs and error messages.
// The position in each table is the enum's value; names are never changed once shipped.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

#include "leadpool/activity.hpp"
#include "leadpool/change_feed.hpp"
#include "leadpool/capture_cohorts.hpp"
#include "leadpool/error.hpp"
#include "leadpool/funnel_breakdown.hpp"
#include "leadpool/tier_moves.hpp"
#include "leadpool/history.hpp"
#include "leadpool/identity.hpp"
#include "leadpool/ingest.hpp"
#include "leadpool/merge.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/referral.hpp"
#include "leadpool/pool_settings.hpp"
#include "leadpool/routing.hpp"
#include "leadpool/stage.hpp"
#include "leadpool/store.hpp"
#include "leadpool/tier.hpp"
#include "leadpool/transition.hpp"
#include "leadpool/workflow.hpp"

namespace leadpool {
namespace {

constexpr std::array<const char*, kTierCount> kTierNames = {"master", "sub",  "opportunity",
                                                            "order",  "lost", "invalid"};
constexpr std::array<const char*, 6> kIdentityKindNames = {"phone",         "email",     "wechat_unionid",
                                                           "wechat_openid", "device_id", "external_id"};
constexpr std::array<const char*, 12> kPhoneNumberTypeNames = {
    "unknown", "fixed_line", "mobile", "fixed_line_or_mobile", "toll_free", "premium_rate",
    "shared_cost", "voip", "personal_number", "pager", "uan", "voicemail"};
constexpr std::array<const char*, kActionCount> kActionNames = {
    "read",         "capture",    "update",     "distribute",  "transfer", "return_to_master", "qualify",
    "win",          "lose",       "reactivate", "invalidate",  "restore",  "report",           "manage_pools",
    "manage_users", "manage_org", "merge",      "unmerge",     "route",    "assign",           "claim",
    "release",      "follow_up",  "advance",    "collaborate", "recycle",  "manage_workflows", "read_feed",
    "erase_personal_data", "export_personal_data", "rekey",
    "manage_scoring", "score", "resolve_conflict"};
constexpr std::array<const char*, 4> kScopeNames = {"own", "member_pools", "managed_pools", "all"};
constexpr std::array<const char*, 3> kDisclosureNames = {"none", "exists", "owner"};
constexpr std::array<const char*, 2> kTouchModelNames = {"first", "last"};
// OrgStage values start at 1.
constexpr std::array<const char*, 4> kStageNames = {"factory_led", "sales_led", "marketing_led", "all_staff"};
constexpr std::array<const char*, kOrgEventKindCount> kOrgEventNames = {
    "initialized",     "stage_changed",         "policy_changed",   "user_added",
    "user_updated",    "pool_created",          "pool_updated",     "pool_moved",
    "identity_rules_changed", "routing_changed", "pool_settings_changed", "workflow_defined",
    "feed_settings_changed",  "consumer_added",  "workflow_updated", "workflow_retired",
    "personal_data_erased",   "personal_data_exported", "identities_rekeyed",
    "scoring_changed", "scores_rescored"};
constexpr std::array<const char*, 4> kChangeSubjectNames = {"lead", "opportunity", "identity_conflict",
                                                            "organisation"};
constexpr std::array<const char*, 5> kIngestOutcomeNames = {"created", "updated", "merged", "duplicate",
                                                            "rejected"};
constexpr std::array<const char*, 5> kPoolRuleNames = {"keep", "master", "sub_required", "sub_or_keep",
                                                        "sub_or_master"};
constexpr std::array<const char*, 5> kOwnerRuleNames = {"keep", "clear", "settable", "settable_keep",
                                                         "settable_holder"};
constexpr std::array<const char*, 4> kConflictRuleNames = {"max_per_lead", "max_joins", "max_merge_size",
                                                           "out_of_scope"};
constexpr std::array<const char*, 3> kConflictStateNames = {"open", "resolved", "dismissed"};
constexpr std::array<const char*, 2> kConflictResolutionNames = {"merge", "dismiss"};
// Code 10 is no ErrorCode: it is the C ABI's own LP_ENGINE_CLOSED, named here so the table stays
// positional.
constexpr std::array<const char*, 11> kErrorNames = {
    "invalid_argument", "not_found", "permission_denied", "illegal_transition", "conflict",  "storage",
    "limit_exceeded",   "busy",      "internal",          "engine_closed",      "suppressed"};

// Public-pool mechanics.
constexpr std::array<const char*, kBreakdownKeyCount> kBreakdownKeyNames = {
    "pool", "owner", "channel", "campaign", "score_band", "product_type", "capture_month", "capture_week"};
constexpr std::array<const char*, kMoveKeyCount> kMoveKeyNames = {"pool", "owner", "month"};
constexpr std::array<const char*, 2> kCohortPeriodNames = {"week", "month"};
constexpr std::array<const char*, 5> kLeadSortKeyNames = {"id", "created", "updated", "last_activity", "score"};
constexpr std::array<const char*, 5> kRuleOperatorNames = {"equals", "in", "prefix", "range", "exists"};
constexpr std::array<const char*, 3> kAssignStrategyNames = {"round_robin", "least_loaded", "weighted"};
constexpr std::array<const char*, 2> kRecycleTargetNames = {"pool", "master"};
constexpr std::array<const char*, 5> kActivityKindNames = {"call", "message", "visit", "meeting", "note"};
constexpr std::array<const char*, 3> kScrubOutcomeNames = {"complete", "held_back", "left_to_host"};
constexpr std::array<const char*, 5> kOpportunityStatusNames = {"open", "won", "lost", "reactivated", "released"};

template <std::size_t N>
const char* name_at(const std::array<const char*, N>& names, std::size_t index) noexcept {
    return index < N ? names[index] : "unknown";
}

template <std::size_t N>
std::optional<std::size_t> index_of(const std::array<const char*, N>& names, std::string_view name) noexcept {
    for (std::size_t i = 0; i < N; ++i) {
        if (name == names[i]) return i;
    }
    return std::nullopt;
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse(const std::array<const char*, N>& names, std::string_view name,
                          int first_value = 0) noexcept {
    auto index = index_of(names, name);
    if (!index) return std::nullopt;
    return static_cast<Enum>(static_cast<int>(*index) + first_value);
}

}  // namespace

const char* to_string(Tier tier) noexcept { return name_at(kTierNames, static_cast<std::size_t>(tier)); }
std::optional<Tier> parse_tier(std::string_view name) noexcept { return parse<Tier>(kTierNames, name); }

const char* to_string(IdentityKind kind) noexcept {
    return name_at(kIdentityKindNames, static_cast<std::size_t>(kind));
}
std::optional<IdentityKind> parse_identity_kind(std::string_view name) noexcept {
    return parse<IdentityKind>(kIdentityKindNames, name);
}

const char* to_string(PhoneNumberType type) noexcept {
    return name_at(kPhoneNumberTypeNames, static_cast<std::size_t>(type));
}

const char* to_string(Action action) noexcept {
    return name_at(kActionNames, static_cast<std::size_t>(action));
}
std::optional<Action> parse_action(std::string_view name) noexcept {
    return parse<Action>(kActionNames, name);
}

const char* to_string(Scope scope) noexcept { return name_at(kScopeNames, static_cast<std::size_t>(scope)); }
std::optional<Scope> parse_scope(std::string_view name) noexcept { return parse<Scope>(kScopeNames, name); }

const char* to_string(DuplicateDisclosure disclosure) noexcept {
    return name_at(kDisclosureNames, static_cast<std::size_t>(disclosure));
}
std::optional<DuplicateDisclosure> parse_duplicate_disclosure(std::string_view name) noexcept {
    return parse<DuplicateDisclosure>(kDisclosureNames, name);
}

const char* to_string(TouchModel model) noexcept {
    return name_at(kTouchModelNames, static_cast<std::size_t>(model));
}
std::optional<TouchModel> parse_touch_model(std::string_view name) noexcept {
    return parse<TouchModel>(kTouchModelNames, name);
}

const char* to_string(BreakdownKey key) noexcept {
    return name_at(kBreakdownKeyNames, static_cast<std::size_t>(key));
}
std::optional<BreakdownKey> parse_breakdown_key(std::string_view name) noexcept {
    return parse<BreakdownKey>(kBreakdownKeyNames, name);
}

const char* to_string(MoveKey key) noexcept { return name_at(kMoveKeyNames, static_cast<std::size_t>(key)); }
std::optional<MoveKey> parse_move_key(std::string_view name) noexcept { return parse<MoveKey>(kMoveKeyNames, name); }

const char* to_string(CohortPeriod period) noexcept {
    return name_at(kCohortPeriodNames, static_cast<std::size_t>(period));
}
std::optional<CohortPeriod> parse_cohort_period(std::string_view name) noexcept {
    return parse<CohortPeriod>(kCohortPeriodNames, name);
}

const char* to_string(OrgStage stage) noexcept {
    return name_at(kStageNames, static_cast<std::size_t>(static_cast<int>(stage) - 1));
}
std::optional<OrgStage> parse_stage(std::string_view name) noexcept {
    return parse<OrgStage>(kStageNames, name, 1);
}

const char* to_string(OrgEventKind kind) noexcept {
    return name_at(kOrgEventNames, static_cast<std::size_t>(kind));
}

const char* to_string(IngestOutcome outcome) noexcept {
    return name_at(kIngestOutcomeNames, static_cast<std::size_t>(outcome));
}

const char* to_string(PoolRule rule) noexcept {
    return name_at(kPoolRuleNames, static_cast<std::size_t>(rule));
}

const char* to_string(OwnerRule rule) noexcept {
    return name_at(kOwnerRuleNames, static_cast<std::size_t>(rule));
}

const char* to_string(ConflictRule rule) noexcept {
    return name_at(kConflictRuleNames, static_cast<std::size_t>(rule));
}
std::optional<ConflictRule> parse_conflict_rule(std::string_view name) noexcept {
    return parse<ConflictRule>(kConflictRuleNames, name);
}

const char* to_string(ConflictState state) noexcept {
    return name_at(kConflictStateNames, static_cast<std::size_t>(state));
}
std::optional<ConflictState> parse_conflict_state(std::string_view name) noexcept {
    return parse<ConflictState>(kConflictStateNames, name);
}

const char* to_string(ConflictResolution resolution) noexcept {
    return name_at(kConflictResolutionNames, static_cast<std::size_t>(resolution));
}
std::optional<ConflictResolution> parse_conflict_resolution(std::string_view name) noexcept {
    return parse<ConflictResolution>(kConflictResolutionNames, name);
}

const char* to_string(ErrorCode code) noexcept {
    return name_at(kErrorNames, static_cast<std::size_t>(static_cast<int>(code) - 1));
}

const char* to_string(ScrubOutcome outcome) noexcept {
    return name_at(kScrubOutcomeNames, static_cast<std::size_t>(outcome));
}

const char* to_string(ChangeSubject subject) noexcept {
    return name_at(kChangeSubjectNames, static_cast<std::size_t>(subject));
}

const char* to_string(LeadSortKey key) noexcept {
    return name_at(kLeadSortKeyNames, static_cast<std::size_t>(key));
}
std::optional<LeadSortKey> parse_lead_sort_key(std::string_view name) noexcept {
    return parse<LeadSortKey>(kLeadSortKeyNames, name);
}

// --- public-pool mechanics ----------------------------------------------------------------------

const char* to_string(RuleOperator op) noexcept {
    return name_at(kRuleOperatorNames, static_cast<std::size_t>(op));
}
std::optional<RuleOperator> parse_rule_operator(std::string_view name) noexcept {
    return parse<RuleOperator>(kRuleOperatorNames, name);
}

const char* to_string(AssignStrategy strategy) noexcept {
    return name_at(kAssignStrategyNames, static_cast<std::size_t>(strategy));
}
std::optional<AssignStrategy> parse_assign_strategy(std::string_view name) noexcept {
    return parse<AssignStrategy>(kAssignStrategyNames, name);
}

const char* to_string(RecycleTarget target) noexcept {
    return name_at(kRecycleTargetNames, static_cast<std::size_t>(target));
}
std::optional<RecycleTarget> parse_recycle_target(std::string_view name) noexcept {
    return parse<RecycleTarget>(kRecycleTargetNames, name);
}

const char* to_string(ActivityKind kind) noexcept {
    return name_at(kActivityKindNames, static_cast<std::size_t>(kind));
}
std::optional<ActivityKind> parse_activity_kind(std::string_view name) noexcept {
    return parse<ActivityKind>(kActivityKindNames, name);
}

const char* to_string(OpportunityStatus status) noexcept {
    return name_at(kOpportunityStatusNames, static_cast<std::size_t>(status));
}
std::optional<OpportunityStatus> parse_opportunity_status(std::string_view name) noexcept {
    return parse<OpportunityStatus>(kOpportunityStatusNames, name);
}

}  // namespace leadpool
