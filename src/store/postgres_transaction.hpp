// The reads every transaction of the PostgreSQL store offers, over the connection it holds: the
// reader's and the writer's common base, and how server failures and results are read.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "leadpool/error.hpp"
#include "leadpool/store.hpp"
#include "store/pg_connection.hpp"
#include "store/postgres_leads.hpp"
#include "store/record_selection_sql.hpp"
#include "store/selection_sql.hpp"
#include "store/store_rows.hpp"

namespace leadpool::postgres_store {

// The store's own files read and write rows with these throughout.
using namespace selection_sql;
using namespace store_rows;
using pg::param;
using pg::Param;

inline bool retryable(const pg::SqlError& e) {
    return e.sqlstate() == pg::kSerializationFailure || e.sqlstate() == pg::kDeadlockDetected;
}

// Writers take turns, so a serialization failure or deadlock can only come from a session outside
// leadpool holding locks on its tables; the transaction is then a conflict to retry, like any
// other, rather than a failure of the medium.
inline Error storage_error(const pg::SqlError& e) {
    if (e.sqlstate() == pg::kUniqueViolation) return Error(ErrorCode::conflict, e.what());
    if (retryable(e)) {
        return Error(ErrorCode::conflict, std::string(e.what()) + " (the transaction was rolled back; retry it)");
    }
    if (e.sqlstate() == pg::kLockNotAvailable) return Error(ErrorCode::busy, e.what());
    return Error(ErrorCode::storage, e.what());
}

// Runs a store operation, reporting server failures as Error(conflict), Error(busy) or
// Error(storage).
template <typename Body>
auto guarded(Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const pg::SqlError& e) {
        throw storage_error(e);
    }
}

// A list of pool ids travels as one JSON array, as in SQLite.
inline constexpr Dialect kPostgres{SqlFlavour::postgres, "pool_id IN (SELECT value::bigint FROM jsonb_array_elements_text(?::jsonb))",
                                   "JOIN"};

// The parameters of a filter's terms.
inline std::vector<Param> params(const std::vector<Value>& values) {
    std::vector<Param> out;
    out.reserve(values.size());
    for (const Value& value : values) out.push_back(std::visit([](const auto& v) { return param(v); }, value));
    return out;
}

// The first row of a result, read by `read`; none when the result has no rows.
template <typename Read>
auto first_row(const pg::Result& result, Read read) -> std::optional<std::invoke_result_t<Read, const pg::Row&>> {
    if (result.rows() == 0) return std::nullopt;
    return read(pg::Row(result, 0));
}

inline const auto kFirstText = [](const pg::Row& row) { return row.text(0); };
inline const auto kFirstInteger = [](const pg::Row& row) { return row.integer(0); };

// Every row of a result, read by `read`.
template <typename Read>
auto all_rows(const pg::Result& result, Read read) {
    std::vector<std::invoke_result_t<Read, const pg::Row&>> out;
    out.reserve(static_cast<std::size_t>(result.rows()));
    for (int i = 0; i < result.rows(); ++i) out.push_back(read(pg::Row(result, i)));
    return out;
}

// The reads every transaction offers, over the connection it holds.
template <typename Interface>
class PostgresTransaction : public Interface {
public:
    std::optional<std::string> setting(std::string_view key) override {
        return guarded([&] {
            return first_row(connection().exec("SELECT value FROM settings WHERE key = ?", {param(std::string(key))}),
                             kFirstText);
        });
    }

    std::optional<User> user(const UserId& id) override {
        return guarded([&] {
            return first_row(
                connection().exec("SELECT id, name, department, roles, active FROM users WHERE id = ?", {param(id)}),
                user_from_row<pg::Row>);
        });
    }

    std::vector<User> users() override {
        return guarded([&] {
            return all_rows(connection().exec("SELECT id, name, department, roles, active FROM users ORDER BY id"),
                            user_from_row<pg::Row>);
        });
    }

    std::optional<Pool> pool(PoolId id) override {
        return guarded([&] {
            return first_row(
                connection().exec("SELECT id, name, parent, managers, members FROM pools WHERE id = ?", {param(id)}),
                pool_from_row<pg::Row>);
        });
    }

    std::vector<Pool> pools() override {
        return guarded([&] {
            return all_rows(connection().exec("SELECT id, name, parent, managers, members FROM pools ORDER BY id"),
                            pool_from_row<pg::Row>);
        });
    }

    std::optional<Lead> lead(LeadId id) override {
        return guarded([&]() -> std::optional<Lead> {
            auto found = postgres_leads::read_leads(connection(), {id});
            if (found.empty()) return std::nullopt;
            return std::move(found.front());
        });
    }

    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return guarded([&] {
            return first_row(
                connection().exec("SELECT lead_id FROM identities WHERE kind = ? AND scope = ? AND value = ?",
                                  {param(code(identity.kind)), param(identity.scope), param(identity.value)}),
                kFirstInteger);
        });
    }

    std::vector<LeadId> absorbed_into(LeadId survivor) override {
        return guarded([&] {
            // The second term lets the partial index leads_by_merged_into answer.
            return all_rows(
                connection().exec("SELECT id FROM leads WHERE merged_into = ? AND merged_into <> 0 ORDER BY id",
                                  {param(survivor)}),
                [](const pg::Row& row) { return row.integer(0); });
        });
    }

    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return guarded([&] {
            return select_leads(selection, after, limit, postgres_leads::kColumns.c_str(),
                                postgres_leads::lead_from_row);
        });
    }

    std::vector<Lead> sorted_leads(const LeadSelection& selection, const LeadOrder& order,
                                   std::size_t limit) override {
        return guarded([&] {
            const auto statement =
                sorted_page_statement(selection, order, limit, postgres_leads::kColumns.c_str(), kPostgres);
            if (!statement) return std::vector<Lead>();
            return all_rows(connection().exec(statement->sql, params(statement->values)),
                            postgres_leads::lead_from_row);
        });
    }

    std::vector<LeadId> lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return guarded([&] {
            return select_leads(selection, after, limit, "leads.id",
                                [](const pg::Row& row) { return row.integer(0); });
        });
    }

    std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) override {
        return guarded([&] {
            const auto filter = idle_leads_filter(pool, tiers, active_before, kPostgres);
            if (!filter) return std::vector<Lead>();
            return all_rows(connection().exec("SELECT " + postgres_leads::kColumns + " FROM leads WHERE " +
                                                  filter->sql() + " ORDER BY id",
                                              params(filter->values)),
                            postgres_leads::lead_from_row);
        });
    }

    std::vector<Opportunity> selected_opportunities(const LeadSelection& leads, const OpportunitySelection& selection,
                                                    const std::optional<OpportunityCursor>& after,
                                                    std::size_t limit) override {
        return guarded([&] {
            const auto statement =
                opportunity_page_statement(leads, selection, after, limit, kOpportunityColumns, kPostgres);
            if (!statement) return std::vector<Opportunity>();
            return all_rows(connection().exec(statement->sql, params(statement->values)),
                            opportunity_from_row<pg::Row>);
        });
    }

    std::vector<Opportunity> opportunities(LeadId lead) override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kOpportunityColumns +
                                                  " FROM opportunities WHERE lead_id = ? ORDER BY number",
                                              {param(lead)}),
                            opportunity_from_row<pg::Row>);
        });
    }

    std::vector<FunnelGroupCell> funnel_groups(const LeadSelection& selection,
                                               const FunnelBreakdownRequest& breakdown) override {
        return guarded([&] {
            const auto statement = funnel_groups_statement(selection, breakdown, kPostgres);
            if (!statement) return std::vector<FunnelGroupCell>();
            return all_rows(connection().exec(statement->sql, params(statement->values)),
                            [&](const pg::Row& row) { return funnel_group_cell_from_row(row, breakdown.keys); });
        });
    }

    std::vector<TierMoveCell> tier_moves(const LeadSelection& selection, Timestamp from, Timestamp to,
                                         std::optional<MoveKey> by) override {
        return guarded([&] {
            const auto statement = tier_moves_statement(selection, from, to, by, kPostgres);
            if (!statement) return std::vector<TierMoveCell>();
            return all_rows(connection().exec(statement->sql, params(statement->values)),
                            [&](const pg::Row& row) { return tier_move_cell_from_row(row, by); });
        });
    }

    std::vector<OwnerHolding> owner_holdings(const LeadSelection& selection, const HoldingsWindow& window) override {
        return guarded([&] {
            HoldingLines lines;
            const auto statements = holdings_statements(selection, window, kPostgres);
            if (!statements) return lines.lines();
            const auto run = [&](const Statement& statement, auto add) {
                const auto result = connection().exec(statement.sql, params(statement.values));
                for (int i = 0; i < result.rows(); ++i) add(pg::Row(result, i));
            };
            run(statements->held, [&](const pg::Row& row) {
                lines.add_held(row, decode_enum<Tier>(row.integer(1), kTierCount, "leads.tier"));
            });
            run(statements->period, [&](const pg::Row& row) { lines.add_period(row); });
            run(statements->churn, [&](const pg::Row& row) { lines.add_churn(row); });
            return lines.lines();
        });
    }

    CollisionPage collisions(const LeadSelection& selection, const CollisionRequest& request,
                             const CollisionPageRequest& page) override {
        return guarded([&] {
            CollisionPageRows rows(page.limit);
            const auto statement = collisions_statement(selection, request, page.after.value_or(0), kPostgres);
            if (!statement) return rows.page();
            const auto result = connection().exec(statement->sql, params(statement->values));
            for (int i = 0; i < result.rows() && rows.add(pg::Row(result, i)); ++i) {
            }
            if (rows.last_lead() == 0) return rows.page();
            const Statement merges = collision_merges_statement(request, page.after.value_or(0), rows.last_lead());
            const auto merge_rows = connection().exec(merges.sql, params(merges.values));
            for (int i = 0; i < merge_rows.rows(); ++i) rows.add_merge(pg::Row(merge_rows, i));
            return rows.page();
        });
    }

    std::vector<SharePoint> public_share(const LeadSelection& selection, const std::vector<PoolId>& pools,
                                         std::vector<SharePoint> points) override {
        return guarded([&] {
            ShareDeltas deltas;
            const auto statement =
                points.empty() ? std::nullopt : public_share_statement(selection, pools, points.back().at, kPostgres);
            if (!statement) return points;
            const auto result = connection().exec(statement->sql, params(statement->values));
            for (int i = 0; i < result.rows(); ++i) deltas.add(pg::Row(result, i));
            return deltas.counted(std::move(points));
        });
    }

    std::vector<CohortCell> cohort_cells(const LeadSelection& selection, CohortPeriod period) override {
        return guarded([&] {
            const auto statement = cohort_statement(selection, period, kPostgres);
            if (!statement) return std::vector<CohortCell>();
            return all_rows(connection().exec(statement->sql, params(statement->values)), cohort_cell_from_row<pg::Row>);
        });
    }

    void tier_time_samples(const LeadSelection& selection, const TierTimesRequest& request,
                           const std::function<void(TierTimeSample&&)>& visit) override {
        guarded([&] {
            for (const Statement& statement : tier_time_statements(selection, request, kPostgres)) {
                const pg::Result result = connection().exec(statement.sql, params(statement.values));
                for (int i = 0; i < result.rows(); ++i) visit(tier_time_sample_from_row(pg::Row(result, i), request.by));
            }
        });
    }

    std::vector<FunnelCell> funnel(const LeadSelection& selection) override {
        return guarded([&] {
            const auto statement = funnel_statement(selection, kPostgres);
            if (!statement) return std::vector<FunnelCell>();
            return all_rows(connection().exec(statement->sql, params(statement->values)),
                            funnel_cell_from_row<pg::Row>);
        });
    }

    std::vector<HistoryEntry> history(LeadId lead) override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kHistoryColumns +
                                                  " FROM history WHERE lead_id = ? ORDER BY seq",
                                              {param(lead)}),
                            history_from_row<pg::Row>);
        });
    }

    std::vector<Change> changes(std::int64_t after, std::size_t limit) override {
        return guarded([&] {
            if (limit == 0) return std::vector<Change>{};
            return all_rows(connection().exec(std::string("SELECT ") + kChangeColumns +
                                                  " FROM changes WHERE seq > ? ORDER BY seq LIMIT ?",
                                              {param(after), param(static_cast<std::int64_t>(
                                                                 std::min<std::size_t>(limit, std::size_t{1} << 30)))}),
                            change_from_row<pg::Row>);
        });
    }

    std::int64_t last_change_seq() override {
        return guarded([&] { return connection().exec("SELECT last_seq FROM feed_state").integer(0, 0); });
    }

    std::optional<FeedConsumer> feed_consumer(std::string_view name) override {
        return guarded([&]() -> std::optional<FeedConsumer> {
            const std::string text(name);
            pg::require_storable(text);
            auto rows = all_rows(connection().exec(std::string("SELECT ") + kConsumerColumns +
                                                       " FROM feed_consumers WHERE name = ?",
                                                   {param(text)}),
                                 consumer_from_row<pg::Row>);
            if (rows.empty()) return std::nullopt;
            return rows.front();
        });
    }

    std::vector<FeedConsumer> feed_consumers() override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kConsumerColumns +
                                              " FROM feed_consumers ORDER BY name"),
                            consumer_from_row<pg::Row>);
        });
    }

    std::vector<OrgEvent> org_events() override {
        return guarded([&] {
            return all_rows(
                connection().exec(std::string("SELECT ") + kOrgEventColumns + " FROM org_events ORDER BY seq"),
                org_event_from_row<pg::Row>);
        });
    }

    std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) override {
        return guarded([&] {
            return first_row(connection().exec("SELECT lead_id FROM deliveries WHERE channel = ? AND record_id = ?",
                                               {param(std::string(channel)), param(std::string(record_id))}),
                             kFirstInteger);
        });
    }

    std::vector<LeadEvent> events(LeadId lead) override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kLeadEventColumns +
                                                  " FROM lead_events WHERE lead_id = ? ORDER BY seq",
                                              {param(lead)}),
                            lead_event_from_row<pg::Row>);
        });
    }

    std::int64_t identity_joins(const Identity& identity) override {
        return guarded([&]() -> std::int64_t {
            const auto r =
                connection().exec("SELECT joins FROM identity_joins WHERE kind = ? AND scope = ? AND value = ?",
                                  {param(code(identity.kind)), param(identity.scope), param(identity.value)});
            return r.rows() > 0 ? r.integer(0, 0) : 0;
        });
    }

    std::optional<MergeRecord> merge_record(MergeId id) override {
        return guarded([&] {
            return first_row(
                connection().exec(std::string("SELECT ") + kMergeColumns + " FROM merges WHERE id = ?", {param(id)}),
                merge_from_row<pg::Row>);
        });
    }

    std::vector<MergeRecord> merge_records() override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kMergeColumns + " FROM merges ORDER BY id"),
                            merge_from_row<pg::Row>);
        });
    }

    std::vector<IdentityConflict> identity_conflicts() override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kConflictColumns +
                                              " FROM identity_conflicts ORDER BY id"),
                            conflict_from_row<pg::Row>);
        });
    }

    std::optional<IdentityConflict> identity_conflict(std::int64_t id) override {
        return guarded([&] {
            return first_row(connection().exec(std::string("SELECT ") + kConflictColumns +
                                                   " FROM identity_conflicts WHERE id = ?",
                                               {param(id)}),
                             conflict_from_row<pg::Row>);
        });
    }

    std::vector<MergeRecord> selected_merges(const MergeFilter& filter, const RecordPageRequest& page) override {
        return guarded([&] {
            const auto statement = merge_page_statement(filter, page, kMergeColumns);
            if (!statement) return std::vector<MergeRecord>();
            return all_rows(connection().exec(statement->sql, params(statement->values)), merge_from_row<pg::Row>);
        });
    }

    std::vector<IdentityConflict> selected_identity_conflicts(const ConflictFilter& filter,
                                                              const RecordPageRequest& page) override {
        return guarded([&] {
            const auto statement = conflict_page_statement(filter, page, kConflictColumns, kPostgres);
            if (!statement) return std::vector<IdentityConflict>();
            return all_rows(connection().exec(statement->sql, params(statement->values)),
                            conflict_from_row<pg::Row>);
        });
    }

    std::vector<DeliveredRecord> deliveries(LeadId lead) override {
        return guarded([&] {
            return all_rows(connection().exec("SELECT channel, record_id, lead_id FROM deliveries WHERE lead_id = ? "
                                              "ORDER BY channel COLLATE \"C\", record_id COLLATE \"C\"",
                                              {param(lead)}),
                            [](const pg::Row& row) {
                                return DeliveredRecord{row.text(0), row.text(1), row.integer(2)};
                            });
        });
    }

    bool suppressed(std::string_view hash) override {
        return guarded([&] {
            const std::string text(hash);
            pg::require_storable(text);
            return connection().exec("SELECT 1 FROM suppressions WHERE hash = ?", {param(text)}).rows() > 0;
        });
    }

    std::vector<LeadScore> lead_scores(LeadId lead) override {
        return guarded([&] {
            return all_rows(connection().exec(std::string("SELECT ") + kScoreColumns +
                                                  " FROM lead_scores WHERE lead_id = ? ORDER BY model",
                                              {param(lead)}),
                            score_from_row<pg::Row>);
        });
    }

    std::vector<LeadId> scores_due(Timestamp at, std::size_t limit) override {
        return guarded([&] {
            // The first term lets the partial index lead_scores_by_next_change answer.
            return all_rows(connection().exec("SELECT DISTINCT lead_id FROM lead_scores WHERE next_change <> 0 "
                                              "AND next_change <= ? ORDER BY lead_id LIMIT ?",
                                              {param(at), param(static_cast<std::int64_t>(limit))}),
                            [](const pg::Row& row) { return row.integer(0); });
        });
    }

    std::vector<Change> lead_changes(LeadId lead) override {
        return guarded([&] {
            // The second term lets the partial index changes_by_lead answer.
            return all_rows(connection().exec(std::string("SELECT ") + kChangeColumns +
                                                  " FROM changes WHERE lead_id = ? AND lead_id <> 0 ORDER BY seq",
                                              {param(lead)}),
                            change_from_row<pg::Row>);
        });
    }

protected:
    virtual pg::Connection& connection() = 0;

    // `columns` of a page of selected leads (lead_page_statement), each row read by `read`.
    template <typename Read>
    auto select_leads(const LeadSelection& selection, LeadId after, std::size_t limit, const char* columns,
                      Read read) {
        const auto statement = lead_page_statement(selection, after, limit, columns, kPostgres);
        if (!statement) return std::vector<std::invoke_result_t<Read, const pg::Row&>>();
        return all_rows(connection().exec(statement->sql, params(statement->values)), read);
    }
};

}  // namespace leadpool::postgres_store
