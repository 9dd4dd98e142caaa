// The reads every transaction of the SQLite store offers, over the connection it holds: the
// reader's and the writer's common base.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "leadpool/store.hpp"
#include "store/selection_sql.hpp"
#include "store/sqlite_connection.hpp"
#include "store/sqlite_leads.hpp"
#include "store/store_rows.hpp"

namespace leadpool::sqlite_store {

// The store's own files read and write rows with these throughout.
using namespace selection_sql;
using namespace store_rows;

// A list of pool ids travels as one JSON array, so the statement text does not depend on its length.
inline constexpr Dialect kSqlite{"pool_id IN (SELECT value FROM json_each(?))"};

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

    std::vector<LeadId> lead_ids(const LeadSelection& selection, LeadId after, std::size_t limit) override {
        return guarded([&] {
            return select_leads(selection, after, limit, "leads.id",
                                [](const Query& q) { return q.integer(0); });
        });
    }

    std::vector<Lead> idle_leads(PoolId pool, TierMask tiers, Timestamp active_before) override {
        return guarded([&] {
            std::vector<Lead> out;
            Filter filter;
            if (!add_placement(filter, tiers, std::vector<PoolId>{pool}, std::nullopt, kSqlite)) return out;
            filter.add("owner <> ''");
            filter.add("merged_into = 0");
            filter.add("last_activity_at < ?", active_before);
            {
                auto q = connection().query(std::string("SELECT ") + kLeadColumns + " FROM leads WHERE " +
                                            filter.sql() + " ORDER BY id");
                q.bind_all(filter.values);
                while (q.next()) out.push_back(lead_from_row(q));
            }
            load_lead_details(connection(), out);
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

    std::vector<FunnelCell> funnel(const LeadSelection& selection) override {
        return guarded([&] {
            std::vector<FunnelCell> cells;
            const auto statement = funnel_statement(selection, kSqlite);
            if (!statement) return cells;
            auto q = connection().query(statement->sql);
            q.bind_all(statement->values);
            while (q.next()) {
                cells.push_back(FunnelCell{decode_enum<Tier>(q.integer(0), kTierCount, "funnel tier"),
                                           decode_mask(q.integer(1), "funnel reached"), q.integer(2)});
            }
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

    std::vector<OrgEvent> org_events() override {
        return guarded([&] {
            auto q = connection().query("SELECT seq, kind, actor, at, detail FROM org_events ORDER BY seq");
            std::vector<OrgEvent> out;
            while (q.next()) {
                out.push_back(
                    OrgEvent{q.integer(0),
                             decode_enum<OrgEventKind>(q.integer(1), kOrgEventKindCount, "org_events.kind"),
                             q.text(2), q.integer(3), q.text(4)});
            }
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
            auto q = connection().query(
                "SELECT seq, lead_id, type, at, channel, payload FROM lead_events "
                "WHERE lead_id = ? ORDER BY seq");
            q.bind(lead);
            std::vector<LeadEvent> out;
            while (q.next()) {
                out.push_back(
                    LeadEvent{q.integer(0), q.integer(1), q.text(2), q.integer(3), q.text(4), q.text(5)});
            }
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

protected:
    virtual Connection& connection() = 0;

    // `columns` of the selected leads with id > after, by id, at most `limit`, each row read by
    // `read`. With a tag, the page is read in id order off the tag index (CROSS JOIN fixes the
    // loop order), so it costs the leads skipped, not every lead with the tag.
    template <typename Read>
    auto select_leads(const LeadSelection& selection, LeadId after, std::size_t limit, const char* columns,
                      Read read) {
        std::vector<std::invoke_result_t<Read, const Query&>> out;
        const auto filter = selection_filter(selection, Source::leads, kSqlite);
        if (!filter || limit == 0) return out;
        std::string sql = std::string("SELECT ") + columns;
        sql += selection.tag ? " FROM lead_tags CROSS JOIN leads ON leads.id = lead_tags.lead_id"
                               " WHERE lead_tags.tag = ? AND lead_tags.lead_id > ?"
                             : " FROM leads WHERE id > ?";
        if (!filter->terms.empty()) sql += " AND " + filter->sql();
        sql += selection.tag ? " ORDER BY lead_tags.lead_id LIMIT ?" : " ORDER BY id LIMIT ?";
        const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
        auto q = connection().query(sql);
        if (selection.tag) q.bind(*selection.tag);
        q.bind(after).bind_all(filter->values).bind(static_cast<std::int64_t>(std::min(limit, max)));
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
