// The reads every transaction of the SQLite store offers, over the connection it holds: the
// reader's and the writer's common base.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "leadpool/store.hpp"
#include "store/record_selection_sql.hpp"
#include "store/selection_sql.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sqlite_leads.hpp"
#include "store/store_rows.hpp"

namespace leadpool::sqlite_store {

// The store's own files read and write rows with these throughout.
using namespace selection_sql;
using namespace store_rows;

// A list of pool ids travels as one JSON array, so the statement text does not depend on its
// length. CROSS JOIN fixes the loop order: lead_tags first.
inline constexpr Dialect kSqlite{SqlFlavour::sqlite, "pool_id IN (SELECT value FROM json_each(?))", "CROSS JOIN"};

// The reads every transaction offers, over the connection it holds.
template <typename Interface>
class SqliteTransaction : public Interface {
public:
    std::optional<std::string> setting(std::string_view key) override {
        return guarded([&]() -> std::optional<std::string> {
            auto q = connection().query("SELECT value FROM settings WHERE key = ?");
            q.bind(std::string(key));
            if (!q.next()) return std::nullopt;
            return q.text(0);
        });
    }

    std::optional<User> user(const UserId& id) override {
        return guarded([&]() -> std::optional<User> {
            auto q = connection().query("SELECT id, name, department, roles, active FROM users WHERE id = ?");
            q.bind(id);
            if (!q.next()) return std::nullopt;
            return user_from_row(q);
        });
    }

    std::vector<User> users() override {
        return guarded([&] {
            auto q = connection().query("SELECT id, name, department, roles, active FROM users ORDER BY id");
            std::vector<User> out;
            while (q.next()) out.push_back(user_from_row(q));
            return out;
        });
    }

    std::optional<Pool> pool(PoolId id) override {
        return guarded([&]() -> std::optional<Pool> {
            auto q = connection().query("SELECT id, name, parent, managers, members FROM pools WHERE id = ?");
            q.bind(id);
            if (!q.next()) return std::nullopt;
            return pool_from_row(q);
        });
    }

    std::vector<Pool> pools() override {
        return guarded([&] {
            auto q = connection().query("SELECT id, name, parent, managers, members FROM pools ORDER BY id");
            std::vector<Pool> out;
            while (q.next()) out.push_back(pool_from_row(q));
            return out;
        });
    }

    std::optional<Lead> lead(LeadId id) override {
        return guarded([&]() -> std::optional<Lead> {
            std::vector<Lead> found;
            {
                auto q =
                    connection().query(std::string("SELECT ") + kLeadColumns + " FROM leads WHERE id = ?");
                q.bind(id);
                if (!q.next()) return std::nullopt;
                found.push_back(lead_from_row(q));
            }
            load_lead_details(connection(), found);
            return std::move(found.front());
        });
    }

    std::optional<LeadId> lead_by_identity(const Identity& identity) override {
        return guarded([&] { return identity_holder(identity); });
    }

    std::vector<LeadId> absorbed_into(LeadId survivor) override {
        return guarded([&] {
            // The second term lets the partial index leads_by_merged_into answer.
            auto q = connection().query(
                "SELECT id FROM leads WHERE merged_into = ? AND merged_into <> 0 ORDER BY id");
            q.bind(survivor);
            std::vector<LeadId> out;
            while (q.next()) out.push_back(q.integer(0));
            return out;
        });
    }

    std::vector<Lead> leads(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return guarded([&] {
            auto out = select_leads(selection, after, limit, kLeadColumns, lead_from_row<Query>);
            load_lead_details(connection(), out);
            return out;
        });
    }

    std::vector<Lead> sorted_leads(const LeadSelection& selection, const LeadOrder& order,
                                   std::size_t limit) override {
        return guarded([&] {
            std::vector<Lead> out;
            const auto statement = sorted_page_statement(selection, order, limit, kLeadColumns, kSqlite);
            if (!statement) return out;
            {
                auto q = connection().query(statement->sql);
                q.bind_all(statement->values);
                while (q.next()) out.push_back(lead_from_row<Query>(q));
            }
            load_lead_details(connection(), out);
            return out;
        });
    }

    std::vector<LeadId> lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return guarded([&] {
            return select_leads(selection, after, limit, "leads.id",
                                [](const Query& q) { return q.integer(0); });
        });
    }

    std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) override {
        return guarded([&] {
            std::vector<Lead> out;
            const auto filter = idle_leads_filter(pool, tiers, active_before, kSqlite);
            if (!filter) return out;
            {
                auto q = connection().query(std::string("SELECT ") + kLeadColumns + " FROM leads WHERE " +
                                            filter->sql() + " ORDER BY id");
                q.bind_all(filter->values);
                while (q.next()) out.push_back(lead_from_row(q));
            }
            load_lead_details(connection(), out);
            return out;
        });
    }

    std::vector<Opportunity> selected_opportunities(const LeadSelection& leads, const OpportunitySelection& selection,
                                                    const std::optional<OpportunityCursor>& after,
                                                    std::size_t limit) override {
        return guarded([&] {
            std::vector<Opportunity> out;
            const auto statement =
                opportunity_page_statement(leads, selection, after, limit, kOpportunityColumns, kSqlite);
            if (!statement) return out;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) out.push_back(opportunity_from_row(q));
            return out;
        });
    }

    std::vector<Opportunity> opportunities(LeadId lead) override {
        return guarded([&] {
            auto q = connection().query(std::string("SELECT ") + kOpportunityColumns +
                                        " FROM opportunities WHERE lead_id = ? ORDER BY number");
            q.bind(lead);
            std::vector<Opportunity> out;
            while (q.next()) out.push_back(opportunity_from_row(q));
            return out;
        });
    }

    std::vector<FunnelGroupCell> funnel_groups(const LeadSelection& selection,
                                               const FunnelBreakdownRequest& breakdown) override {
        return guarded([&] {
            std::vector<FunnelGroupCell> cells;
            const auto statement = funnel_groups_statement(selection, breakdown, kSqlite);
            if (!statement) return cells;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) cells.push_back(funnel_group_cell_from_row(q, breakdown.keys));
            return cells;
        });
    }

    std::vector<TierMoveCell> tier_moves(const LeadSelection& selection, Timestamp from, Timestamp to,
                                         std::optional<MoveKey> by) override {
        return guarded([&] {
            std::vector<TierMoveCell> cells;
            const auto statement = tier_moves_statement(selection, from, to, by, kSqlite);
            if (!statement) return cells;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) cells.push_back(tier_move_cell_from_row(q, by));
            return cells;
        });
    }

    std::vector<OwnerHolding> owner_holdings(const LeadSelection& selection, const HoldingsWindow& window) override {
        return guarded([&] {
            HoldingLines lines;
            const auto statements = holdings_statements(selection, window, kSqlite);
            if (!statements) return lines.lines();
            const auto run = [&](const Statement& statement, auto add) {
                auto q = connection().query(statement.sql);
                q.bind_all(statement.values);
                while (q.next()) add(q);
            };
            run(statements->held,
                [&](const auto& row) { lines.add_held(row, decode_enum<Tier>(row.integer(1), kTierCount, "leads.tier")); });
            run(statements->period, [&](const auto& row) { lines.add_period(row); });
            run(statements->churn, [&](const auto& row) { lines.add_churn(row); });
            return lines.lines();
        });
    }

    CollisionPage collisions(const LeadSelection& selection, const CollisionRequest& request,
                             const CollisionPageRequest& page) override {
        return guarded([&] {
            CollisionPageRows rows(page.limit);
            const auto statement = collisions_statement(selection, request, page.after.value_or(0), kSqlite);
            if (!statement) return rows.page();
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next() && rows.add(q)) {
            }
            if (rows.last_lead() == 0) return rows.page();
            const Statement merges = collision_merges_statement(request, page.after.value_or(0), rows.last_lead());
            auto m = connection().query(merges.sql);
            m.bind_all(merges.values);
            while (m.next()) rows.add_merge(m);
            return rows.page();
        });
    }

    std::vector<SharePoint> public_share(const LeadSelection& selection, const std::vector<PoolId>& pools,
                                         std::vector<SharePoint> points) override {
        return guarded([&] {
            ShareDeltas deltas;
            const auto statement =
                points.empty() ? std::nullopt : public_share_statement(selection, pools, points.back().at, kSqlite);
            if (!statement) return points;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) deltas.add(q);
            return deltas.counted(std::move(points));
        });
    }

    std::vector<CohortCell> cohort_cells(const LeadSelection& selection, CohortPeriod period) override {
        return guarded([&] {
            std::vector<CohortCell> cells;
            const auto statement = cohort_statement(selection, period, kSqlite);
            if (!statement) return cells;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) cells.push_back(cohort_cell_from_row(q));
            return cells;
        });
    }

    void tier_time_samples(const LeadSelection& selection, const TierTimesRequest& request,
                           const std::function<void(TierTimeSample&&)>& visit) override {
        guarded([&] {
            for (const Statement& statement : tier_time_statements(selection, request, kSqlite)) {
                auto q = connection().query(statement.sql);
                q.bind_all(statement.values);
                while (q.next()) visit(tier_time_sample_from_row(q, request.by));
            }
        });
    }

    std::vector<FunnelCell> funnel(const LeadSelection& selection) override {
        return guarded([&] {
            std::vector<FunnelCell> cells;
            const auto statement = funnel_statement(selection, kSqlite);
            if (!statement) return cells;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) cells.push_back(funnel_cell_from_row(q));
            return cells;
        });
    }

    std::vector<HistoryEntry> history(LeadId lead) override {
        return guarded([&] {
            auto q = connection().query(
                std::string("SELECT ") + kHistoryColumns + " FROM history WHERE lead_id = ? ORDER BY seq");
            q.bind(lead);
            std::vector<HistoryEntry> out;
            while (q.next()) out.push_back(history_from_row(q));
            return out;
        });
    }

    std::vector<Change> changes(std::int64_t after, std::size_t limit) override {
        return guarded([&] {
            std::vector<Change> out;
            if (limit == 0) return out;
            auto q = connection().query(std::string("SELECT ") + kChangeColumns +
                                        " FROM changes WHERE seq > ? ORDER BY seq LIMIT ?");
            q.bind(after, static_cast<std::int64_t>(std::min<std::size_t>(limit, std::size_t{1} << 30)));
            while (q.next()) out.push_back(change_from_row(q));
            return out;
        });
    }

    std::int64_t last_change_seq() override {
        return guarded([&]() -> std::int64_t {
            auto q = connection().query("SELECT seq FROM sqlite_sequence WHERE name = 'changes'");
            return q.next() ? q.integer(0) : 0;
        });
    }

    std::optional<FeedConsumer> feed_consumer(std::string_view name) override {
        return guarded([&]() -> std::optional<FeedConsumer> {
            auto q = connection().query(std::string("SELECT ") + kConsumerColumns +
                                        " FROM feed_consumers WHERE name = ?");
            q.bind(std::string(name));
            if (!q.next()) return std::nullopt;
            return consumer_from_row(q);
        });
    }

    std::vector<FeedConsumer> feed_consumers() override {
        return guarded([&] {
            auto q = connection().query(std::string("SELECT ") + kConsumerColumns +
                                        " FROM feed_consumers ORDER BY name");
            std::vector<FeedConsumer> out;
            while (q.next()) out.push_back(consumer_from_row(q));
            return out;
        });
    }

    std::vector<OrgEvent> org_events() override {
        return guarded([&] {
            auto q =
                connection().query(std::string("SELECT ") + kOrgEventColumns + " FROM org_events ORDER BY seq");
            std::vector<OrgEvent> out;
            while (q.next()) out.push_back(org_event_from_row(q));
            return out;
        });
    }

    std::optional<LeadId> delivery(std::string_view channel, std::string_view record_id) override {
        return guarded([&]() -> std::optional<LeadId> {
            auto q = connection().query("SELECT lead_id FROM deliveries WHERE channel = ? AND record_id = ?");
            q.bind(std::string(channel), std::string(record_id));
            if (!q.next()) return std::nullopt;
            return q.integer(0);
        });
    }

    std::vector<LeadEvent> events(LeadId lead) override {
        return guarded([&] {
            auto q = connection().query(std::string("SELECT ") + kLeadEventColumns +
                                        " FROM lead_events WHERE lead_id = ? ORDER BY seq");
            q.bind(lead);
            std::vector<LeadEvent> out;
            while (q.next()) out.push_back(lead_event_from_row(q));
            return out;
        });
    }

    std::int64_t identity_joins(const Identity& identity) override {
        return guarded([&]() -> std::int64_t {
            auto q = connection().query(
                "SELECT joins FROM identity_joins WHERE kind = ? AND scope = ? AND value = ?");
            q.bind(code(identity.kind), identity.scope, identity.value);
            return q.next() ? q.integer(0) : 0;
        });
    }

    std::optional<MergeRecord> merge_record(MergeId id) override {
        return guarded([&]() -> std::optional<MergeRecord> {
            auto q = connection().query(std::string("SELECT ") + kMergeColumns + " FROM merges WHERE id = ?");
            q.bind(id);
            if (!q.next()) return std::nullopt;
            return merge_from_row(q);
        });
    }

    std::vector<MergeRecord> merge_records() override {
        return guarded([&] {
            auto q = connection().query(std::string("SELECT ") + kMergeColumns + " FROM merges ORDER BY id");
            std::vector<MergeRecord> out;
            while (q.next()) out.push_back(merge_from_row(q));
            return out;
        });
    }

    std::vector<IdentityConflict> identity_conflicts() override {
        return guarded([&] {
            auto q = connection().query(
                std::string("SELECT ") + kConflictColumns + " FROM identity_conflicts ORDER BY id");
            std::vector<IdentityConflict> out;
            while (q.next()) out.push_back(conflict_from_row(q));
            return out;
        });
    }

    std::optional<IdentityConflict> identity_conflict(std::int64_t id) override {
        return guarded([&]() -> std::optional<IdentityConflict> {
            auto q = connection().query(std::string("SELECT ") + kConflictColumns +
                                        " FROM identity_conflicts WHERE id = ?");
            q.bind(id);
            if (!q.next()) return std::nullopt;
            return conflict_from_row(q);
        });
    }

    std::vector<MergeRecord> selected_merges(const MergeFilter& filter, const RecordPageRequest& page) override {
        return guarded([&] {
            std::vector<MergeRecord> out;
            const auto statement = merge_page_statement(filter, page, kMergeColumns);
            if (!statement) return out;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) out.push_back(merge_from_row(q));
            return out;
        });
    }

    std::vector<IdentityConflict> selected_identity_conflicts(const ConflictFilter& filter,
                                                              const RecordPageRequest& page) override {
        return guarded([&] {
            std::vector<IdentityConflict> out;
            const auto statement = conflict_page_statement(filter, page, kConflictColumns, kSqlite);
            if (!statement) return out;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) out.push_back(conflict_from_row(q));
            return out;
        });
    }

    std::vector<DeliveredRecord> deliveries(LeadId lead) override {
        return guarded([&] {
            auto q = connection().query(
                "SELECT channel, record_id, lead_id FROM deliveries WHERE lead_id = ? ORDER BY channel, record_id");
            q.bind(lead);
            std::vector<DeliveredRecord> out;
            while (q.next()) out.push_back({q.text(0), q.text(1), q.integer(2)});
            return out;
        });
    }

    bool suppressed(std::string_view hash) override {
        return guarded([&] {
            auto q = connection().query("SELECT 1 FROM suppressions WHERE hash = ?");
            q.bind(std::string(hash));
            return q.next();
        });
    }

    std::vector<LeadScore> lead_scores(LeadId lead) override {
        return guarded([&] {
            auto q = connection().query(std::string("SELECT ") + kScoreColumns +
                                        " FROM lead_scores WHERE lead_id = ? ORDER BY model");
            q.bind(lead);
            std::vector<LeadScore> out;
            while (q.next()) out.push_back(score_from_row(q));
            return out;
        });
    }

    std::vector<LeadId> scores_due(Timestamp at, std::size_t limit) override {
        return guarded([&] {
            // The first term lets the partial index lead_scores_by_next_change answer.
            auto q = connection().query(
                "SELECT DISTINCT lead_id FROM lead_scores WHERE next_change <> 0 AND next_change <= ? "
                "ORDER BY lead_id LIMIT ?");
            q.bind(at, static_cast<std::int64_t>(limit));
            std::vector<LeadId> out;
            while (q.next()) out.push_back(q.integer(0));
            return out;
        });
    }

    std::vector<Change> lead_changes(LeadId lead) override {
        return guarded([&] {
            // The second term lets the partial index changes_by_lead answer.
            auto q = connection().query(std::string("SELECT ") + kChangeColumns +
                                        " FROM changes WHERE lead_id = ? AND lead_id <> 0 ORDER BY seq");
            q.bind(lead);
            std::vector<Change> out;
            while (q.next()) out.push_back(change_from_row(q));
            return out;
        });
    }

protected:
    virtual Connection& connection() = 0;

    // `columns` of a page of selected leads (lead_page_statement), each row read by `read`.
    template <typename Read>
    auto select_leads(const LeadSelection& selection, LeadId after, std::size_t limit, const char* columns,
                      Read read) {
        std::vector<std::invoke_result_t<Read, const Query&>> out;
        const auto statement = lead_page_statement(selection, after, limit, columns, kSqlite);
        if (!statement) return out;
        auto q = connection().query(statement->sql);
        q.bind_all(statement->values);
        while (q.next()) out.push_back(read(q));
        return out;
    }

    std::optional<LeadId> identity_holder(const Identity& identity) {
        auto q =
            connection().query("SELECT lead_id FROM identities WHERE kind = ? AND scope = ? AND value = ?");
        q.bind(code(identity.kind), identity.scope, identity.value);
        if (!q.next()) return std::nullopt;
        return q.integer(0);
    }
};

}  // namespace leadpool::sqlite_store
