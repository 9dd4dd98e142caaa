// How the SQL stores lay a value out in columns and read it back: enum codes, JSON-encoded lists,
// and the row mappers. A row is anything with integer(column), text(column) and
// is_null(column), so the SQLite and the PostgreSQL store read their rows with the same code.
#pragma once

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "leadpool/error.hpp"
#include "leadpool/store.hpp"
#include "store/funnel_groups_sql.hpp"
#include "store/tier_moves_sql.hpp"
#include "store/tier_stays_sql.hpp"
#include "store/cohort_sql.hpp"
#include "store/collisions_sql.hpp"
#include "store/holdings_sql.hpp"
#include "store/public_share_sql.hpp"

namespace leadpool::store_rows {

inline constexpr int kIdentityKindCount = static_cast<int>(IdentityKind::external_id) + 1;
inline constexpr int kChangeSubjectCount = static_cast<int>(ChangeSubject::organisation) + 1;
inline constexpr int kConflictRuleCount = static_cast<int>(ConflictRule::out_of_scope) + 1;
inline constexpr int kOpportunityStatusCount = static_cast<int>(OpportunityStatus::released) + 1;

inline Error corrupt(const std::string& what) {
    return Error(ErrorCode::storage, "corrupt leadpool database: " + what);
}

inline std::string describe(const Identity& identity) {
    std::string text = std::string("identity ") + to_string(identity.kind) + " '" + identity.value + "'";
    if (!identity.scope.empty()) text += " (scope '" + identity.scope + "')";
    return text;
}

template <typename Enum>
std::int64_t code(Enum value) {
    return static_cast<std::int64_t>(value);
}

template <typename Enum>
Enum decode_enum(std::int64_t value, int count, const char* column) {
    if (value < 0 || value >= count) {
        throw corrupt(std::string(column) + " holds " + std::to_string(value));
    }
    return static_cast<Enum>(value);
}

inline TierMask decode_mask(std::int64_t value, const char* column) {
    if (value < 0 || value > kAllTiers) {
        throw corrupt(std::string(column) + " holds tier mask " + std::to_string(value));
    }
    return static_cast<TierMask>(value);
}

inline std::vector<std::string> decode_strings(const std::string& text, const char* column) {
    try {
        return nlohmann::json::parse(text).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception& e) {
        throw corrupt(std::string(column) + ": " + e.what());
    }
}

inline std::string encode_json(const nlohmann::json& value, const char* field) {
    try {
        return value.dump();
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::invalid_argument, std::string(field) + " holds text that is not UTF-8");
    }
}

inline std::string encode_strings(const std::vector<std::string>& values, const char* field) {
    return encode_json(nlohmann::json(values), field);
}

inline std::string encode_ids(const std::vector<std::int64_t>& ids) { return nlohmann::json(ids).dump(); }

inline std::vector<std::int64_t> decode_ids(const std::string& text, const char* column) {
    try {
        return nlohmann::json::parse(text).get<std::vector<std::int64_t>>();
    } catch (const nlohmann::json::exception& e) {
        throw corrupt(std::string(column) + ": " + e.what());
    }
}

// Identities as a JSON array of {"kind": <the enum's integer>, "scope": ..., "value": ...}.
inline std::string encode_identities(const std::vector<Identity>& identities, const char* field) {
    nlohmann::json out = nlohmann::json::array();
    for (const Identity& identity : identities) {
        out.push_back({{"kind", static_cast<int>(identity.kind)},
                       {"scope", identity.scope},
                       {"value", identity.value}});
    }
    try {
        return out.dump();
    } catch (const nlohmann::json::exception&) {
        throw Error(ErrorCode::invalid_argument, std::string(field) + " holds text that is not UTF-8");
    }
}

inline std::vector<Identity> decode_identities(const std::string& text, const char* column) {
    std::vector<Identity> out;
    try {
        for (const auto& item : nlohmann::json::parse(text)) {
            Identity identity;
            identity.kind =
                decode_enum<IdentityKind>(item.at("kind").get<std::int64_t>(), kIdentityKindCount, column);
            identity.scope = item.at("scope").get<std::string>();
            identity.value = item.at("value").get<std::string>();
            out.push_back(std::move(identity));
        }
    } catch (const nlohmann::json::exception& e) {
        throw corrupt(std::string(column) + ": " + e.what());
    }
    return out;
}

inline std::vector<std::string> sorted_unique(std::vector<std::string> values) {
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    return values;
}

inline constexpr const char* kLeadColumns =
    "id, tier, reached, pool_id, owner, channel, channels, attributes, source, medium, campaign, "
    "created_at, updated_at, last_activity_at, version, last_seen_at, referred_by, merged_into, last_source, "
    "last_medium, last_campaign";

template <typename Row>
Lead lead_from_row(const Row& row) {
    Lead lead;
    lead.id = row.integer(0);
    lead.tier = decode_enum<Tier>(row.integer(1), kTierCount, "leads.tier");
    lead.reached = decode_mask(row.integer(2), "leads.reached");
    lead.pool = row.integer(3);
    lead.owner = row.text(4);
    lead.channel = row.text(5);
    lead.channels = decode_strings(row.text(6), "leads.channels");
    lead.attributes = row.text(7);
    lead.attribution = Attribution{row.text(8), row.text(9), row.text(10)};
    lead.created_at = row.integer(11);
    lead.updated_at = row.integer(12);
    lead.last_activity_at = row.integer(13);
    lead.version = row.integer(14);
    lead.last_seen_at = row.integer(15);
    lead.referred_by = row.integer(16);
    lead.merged_into = row.integer(17);
    lead.last_attribution = Attribution{row.text(18), row.text(19), row.text(20)};
    return lead;
}

template <typename Row>
User user_from_row(const Row& row) {
    return User{row.text(0), row.text(1), row.text(2), decode_strings(row.text(3), "users.roles"),
                row.integer(4) != 0};
}

inline constexpr const char* kMergeColumns =
    "id, survivor, absorbed, actor, at, reason, collision, absorbed_owner, identities, unmerged_at, "
    "unmerged_by, absorbed_referrer";

template <typename Row>
MergeRecord merge_from_row(const Row& row) {
    MergeRecord merge;
    merge.id = row.integer(0);
    merge.survivor = row.integer(1);
    merge.absorbed = row.integer(2);
    merge.actor = row.text(3);
    merge.at = row.integer(4);
    merge.reason = row.text(5);
    merge.collision = row.integer(6) != 0;
    merge.absorbed_owner = row.text(7);
    merge.identities = decode_identities(row.text(8), "merges.identities");
    if (!row.is_null(9)) merge.unmerged_at = row.integer(9);
    merge.unmerged_by = row.text(10);
    merge.absorbed_referrer = row.integer(11);
    return merge;
}

template <typename Row>
Pool pool_from_row(const Row& row) {
    Pool pool;
    pool.id = row.integer(0);
    pool.name = row.text(1);
    if (!row.is_null(2)) pool.parent = row.integer(2);
    pool.managers = decode_strings(row.text(3), "pools.managers");
    pool.members = decode_strings(row.text(4), "pools.members");
    return pool;
}

inline constexpr const char* kOpportunityColumns =
    "lead_id, number, product_type, workflow, step, amount, owner_user, owner_team, collaborators, "
    "status, opened_at, closed_at, order_amount, lost_reason";

inline std::string encode_collaborators(const std::vector<Collaborator>& collaborators) {
    nlohmann::json out = nlohmann::json::array();
    for (const Collaborator& c : collaborators) {
        out.push_back({{"user", c.user}, {"step", c.step}, {"joined_at", c.joined_at}});
    }
    return encode_json(out, "opportunity collaborators");
}

inline std::vector<Collaborator> decode_collaborators(const std::string& text) {
    try {
        std::vector<Collaborator> out;
        for (const auto& c : nlohmann::json::parse(text)) {
            out.push_back({c.at("user").get<std::string>(), c.at("step").get<std::string>(),
                           c.at("joined_at").get<Timestamp>()});
        }
        return out;
    } catch (const nlohmann::json::exception& e) {
        throw corrupt(std::string("opportunities.collaborators: ") + e.what());
    }
}

template <typename Row>
Opportunity opportunity_from_row(const Row& row) {
    Opportunity o;
    o.lead = row.integer(0);
    o.number = row.integer(1);
    o.product_type = row.text(2);
    o.workflow = row.text(3);
    o.step = row.text(4);
    o.amount = row.integer(5);
    o.owner.user = row.text(6);
    if (!row.is_null(7)) o.owner.team = row.integer(7);
    o.collaborators = decode_collaborators(row.text(8));
    o.status =
        decode_enum<OpportunityStatus>(row.integer(9), kOpportunityStatusCount, "opportunities.status");
    o.opened_at = row.integer(10);
    o.closed_at = row.integer(11);
    o.order_amount = row.integer(12);
    o.lost_reason = row.text(13);
    return o;
}
inline constexpr const char* kHistoryColumns =
    "seq, lead_id, action, actor, at, from_tier, from_pool, from_owner, to_tier, to_pool, to_owner, "
    "reason, detail";

template <typename Row>
HistoryEntry history_from_row(const Row& row) {
    HistoryEntry entry;
    entry.seq = row.integer(0);
    entry.lead = row.integer(1);
    entry.action = decode_enum<Action>(row.integer(2), kActionCount, "history.action");
    entry.actor = row.text(3);
    entry.at = row.integer(4);
    entry.from_tier = decode_enum<Tier>(row.integer(5), kTierCount, "history.from_tier");
    entry.from_pool = row.integer(6);
    entry.from_owner = row.text(7);
    entry.to_tier = decode_enum<Tier>(row.integer(8), kTierCount, "history.to_tier");
    entry.to_pool = row.integer(9);
    entry.to_owner = row.text(10);
    entry.reason = row.text(11);
    entry.detail = row.text(12);
    return entry;
}

inline constexpr const char* kConflictColumns =
    "id, rule, at, actor, channel, record_id, lead_id, others, identities, message, state, resolved_by, "
    "resolved_at, resolution_reason, resolution_merges";
inline constexpr int kConflictStateCount = static_cast<int>(ConflictState::dismissed) + 1;

template <typename Row>
IdentityConflict conflict_from_row(const Row& row) {
    IdentityConflict conflict;
    conflict.id = row.integer(0);
    conflict.rule = decode_enum<ConflictRule>(row.integer(1), kConflictRuleCount, "identity_conflicts.rule");
    conflict.at = row.integer(2);
    conflict.actor = row.text(3);
    conflict.channel = row.text(4);
    conflict.record_id = row.text(5);
    conflict.lead = row.integer(6);
    conflict.others = decode_ids(row.text(7), "identity_conflicts.others");
    conflict.identities = decode_identities(row.text(8), "identity_conflicts.identities");
    conflict.message = row.text(9);
    conflict.state = decode_enum<ConflictState>(row.integer(10), kConflictStateCount, "identity_conflicts.state");
    conflict.resolved_by = row.text(11);
    if (!row.is_null(12)) conflict.resolved_at = row.integer(12);
    conflict.resolution_reason = row.text(13);
    conflict.resolution_merges = decode_ids(row.text(14), "identity_conflicts.resolution_merges");
    return conflict;
}


inline constexpr const char* kChangeColumns =
    "seq, at, actor, subject, kind, lead_id, object, from_tier, from_pool, from_owner, to_tier, to_pool, "
    "to_owner, version, reason, detail";

template <typename Row>
Change change_from_row(const Row& row) {
    Change change;
    change.seq = row.integer(0);
    change.at = row.integer(1);
    change.actor = row.text(2);
    change.subject = decode_enum<ChangeSubject>(row.integer(3), kChangeSubjectCount, "changes.subject");
    change.kind = row.text(4);
    change.lead = row.integer(5);
    change.object = row.text(6);
    change.before = {decode_enum<Tier>(row.integer(7), kTierCount, "changes.from_tier"), row.integer(8),
                     row.text(9)};
    change.after = {decode_enum<Tier>(row.integer(10), kTierCount, "changes.to_tier"), row.integer(11),
                    row.text(12)};
    change.version = row.integer(13);
    change.reason = row.text(14);
    change.detail = row.text(15);
    return change;
}

inline constexpr const char* kScoreColumns = "lead_id, model, points, rules, scored_at, next_change";

// The points each rule gave, as the lead_scores.rules column keeps them: [["rule", points], ...].
inline std::string encode_rule_points(const std::vector<RulePoints>& rules) {
    nlohmann::json out = nlohmann::json::array();
    for (const RulePoints& rule : rules) out.push_back({rule.rule, rule.points});
    return encode_json(out, "score rules");
}

template <typename Row>
LeadScore score_from_row(const Row& row) {
    LeadScore score;
    score.lead = row.integer(0);
    score.model = row.text(1);
    score.points = row.integer(2);
    try {
        const std::string text = row.text(3);
        for (const nlohmann::json& rule : nlohmann::json::parse(text)) {
            score.rules.push_back({rule.at(0).get<std::string>(), rule.at(1).get<std::int64_t>()});
        }
    } catch (const nlohmann::json::exception& e) {
        throw corrupt(std::string("lead_scores.rules: ") + e.what());
    }
    score.scored_at = row.integer(4);
    score.next_change = row.integer(5);
    return score;
}

inline constexpr const char* kConsumerColumns = "name, owner, position, created_at, acked_at";

template <typename Row>
FeedConsumer consumer_from_row(const Row& row) {
    return FeedConsumer{row.text(0), row.text(1), row.integer(2), row.integer(3), row.integer(4)};
}

inline constexpr const char* kOrgEventColumns = "seq, kind, actor, at, detail";

template <typename Row>
OrgEvent org_event_from_row(const Row& row) {
    return OrgEvent{row.integer(0),
                    decode_enum<OrgEventKind>(row.integer(1), kOrgEventKindCount, "org_events.kind"),
                    row.text(2), row.integer(3), row.text(4)};
}

inline constexpr const char* kLeadEventColumns = "seq, lead_id, type, at, channel, payload";

template <typename Row>
LeadEvent lead_event_from_row(const Row& row) {
    return LeadEvent{row.integer(0), row.integer(1), row.text(2), row.integer(3), row.text(4), row.text(5)};
}

// A row (tier, reached, count) of a funnel statement (selection_sql.hpp).
template <typename Row>
FunnelCell funnel_cell_from_row(const Row& row) {
    return FunnelCell{decode_enum<Tier>(row.integer(0), kTierCount, "funnel tier"),
                      decode_mask(row.integer(1), "funnel reached"), row.integer(2)};
}

// A group column of a row: NULL is none, else an integer or a text.
template <typename Row>
BreakdownValue group_value(const Row& row, int column, bool numeric) {
    if (row.is_null(column)) return {};
    return numeric ? BreakdownValue{row.integer(column)} : BreakdownValue{row.text(column)};
}

// A row of a funnel groups statement (funnel_groups_sql.hpp): a column per key of `keys`, then
// tier, reached and count.
template <typename Row>
FunnelGroupCell funnel_group_cell_from_row(const Row& row, const std::vector<BreakdownKey>& keys) {
    FunnelGroupCell cell;
    int column = 0;
    for (const BreakdownKey key : keys) {
        cell.group.push_back(group_value(row, column++, selection_sql::numeric_key(key)));
    }
    cell.tier = decode_enum<Tier>(row.integer(column), kTierCount, "funnel tier");
    cell.reached = decode_mask(row.integer(column + 1), "funnel reached");
    cell.count = row.integer(column + 2);
    return cell;
}

// A row of a tier moves statement (tier_moves_sql.hpp): the group when `by` is set, then the tier
// moved into and the count.
template <typename Row>
TierMoveCell tier_move_cell_from_row(const Row& row, std::optional<MoveKey> by) {
    TierMoveCell cell;
    int column = 0;
    if (by) cell.group = group_value(row, column++, *by != MoveKey::owner);
    cell.tier = decode_enum<Tier>(row.integer(column), kTierCount, "history to_tier");
    cell.count = row.integer(column + 1);
    return cell;
}

// A row (cohort, tier, reached, count) of a cohort statement (cohort_sql.hpp).
template <typename Row>
CohortCell cohort_cell_from_row(const Row& row) {
    return CohortCell{row.integer(0), decode_enum<Tier>(row.integer(1), kTierCount, "history to_tier"),
                      row.integer(2), row.integer(3)};
}

// A row of a tier time statement (tier_stays_sql.hpp): the group when `by` is set, then the
// measure, the tier and the value.
template <typename Row>
TierTimeSample tier_time_sample_from_row(const Row& row, std::optional<BreakdownKey> by) {
    TierTimeSample sample;
    int column = 0;
    if (by) sample.group = group_value(row, column++, selection_sql::numeric_key(*by));
    sample.measure = decode_enum<TierTimeMeasure>(row.integer(column), kTierTimeMeasureCount, "tier time measure");
    sample.tier = decode_enum<Tier>(row.integer(column + 1), kTierCount, "tier_stays stay_tier");
    sample.value = row.integer(column + 2);
    return sample;
}

}  // namespace leadpool::store_rows
