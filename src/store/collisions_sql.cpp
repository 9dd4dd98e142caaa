// The collision report as SQL (see collisions_sql.hpp).
#include "store/collisions_sql.hpp"

#include <algorithm>
#include <string>
#include <utility>

namespace leadpool::selection_sql {

std::optional<Statement> collisions_statement(const LeadSelection& selection, const CollisionRequest& request,
                                              LeadId after, const Dialect& dialect) {
    auto filter = selection_filter(selection, Source::leads, dialect);
    if (!filter) return std::nullopt;
    if (selection.tag) filter->add("leads.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *selection.tag);
    const std::string follow_up = std::to_string(static_cast<int>(Action::follow_up));
    Statement statement;
    // A work: a follow-up by its actor, or a row that gave the lead to a new owner. The chains
    // walk from each absorbed lead (off the partial index leads_by_merged_into) up merged_into to
    // the root of its group, the lead a reader sees; a work of any other lead is its lead's own.
    statement.sql =
        "WITH RECURSIVE works AS (SELECT lead_id, seq, at, CASE WHEN action = " + follow_up +
        " THEN actor ELSE to_owner END AS worker, CASE WHEN action = " + follow_up +
        " THEN 1 ELSE 0 END AS follow_up FROM history WHERE at >= ? AND at < ? AND (action = " + follow_up +
        " OR (to_owner <> '' AND to_owner <> from_owner))),"
        " chain (member, up) AS (SELECT id, merged_into FROM leads WHERE merged_into <> 0"
        " UNION ALL SELECT chain.member, leads.merged_into FROM chain JOIN leads ON leads.id = chain.up"
        " WHERE leads.merged_into <> 0),"
        " roots (member, root) AS (SELECT chain.member, chain.up FROM chain JOIN leads ON leads.id = chain.up"
        " AND leads.merged_into = 0),"
        " grouped AS (SELECT COALESCE(roots.root, works.lead_id) AS root, works.seq, works.at, works.worker,"
        " works.follow_up FROM works LEFT JOIN roots ON roots.member = works.lead_id"
        " WHERE COALESCE(roots.root, works.lead_id) > ? AND COALESCE(roots.root, works.lead_id) IN"
        " (SELECT id FROM leads WHERE " + filter->sql() + ")),"
        // At the first work of a run of one user's works, the work before is the nearest by
        // another user; at the last, the work after.
        " runs AS (SELECT root, seq, at, worker, follow_up,"
        " CASE WHEN LAG(worker) OVER w <> worker THEN LAG(at) OVER w END AS before_other,"
        " CASE WHEN LEAD(worker) OVER w <> worker THEN LEAD(at) OVER w END AS after_other"
        " FROM grouped WINDOW w AS (PARTITION BY root ORDER BY at, seq)),"
        " nearest AS (SELECT root, at, worker, follow_up,"
        " MAX(before_other) OVER (PARTITION BY root ORDER BY at, seq ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        " AS prev_other,"
        " MIN(after_other) OVER (PARTITION BY root ORDER BY at, seq ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)"
        " AS next_other FROM runs)"
        " SELECT root, worker, min(at), max(at), max(follow_up), 1 - min(follow_up) FROM nearest"
        " WHERE at - prev_other <= ? OR next_other - at <= ? GROUP BY root, worker ORDER BY root, worker";
    statement.values = {Value{request.from}, Value{request.to}, Value{std::int64_t{after}}};
    for (const Value& value : filter->values) statement.values.push_back(value);
    statement.values.emplace_back(request.window);
    statement.values.emplace_back(request.window);
    return statement;
}

Statement collision_merges_statement(const CollisionRequest& request, LeadId first, LeadId last) {
    return {"SELECT survivor, id FROM merges WHERE survivor > ? AND survivor <= ? AND collision <> 0"
            " AND at >= ? AND at < ? ORDER BY survivor, id",
            {Value{std::int64_t{first}}, Value{std::int64_t{last}}, Value{request.from}, Value{request.to}}};
}

bool CollisionPageRows::add(LeadId lead, const UserId& user, Timestamp first, Timestamp last, bool follow_up,
                            bool take) {
    if (page_.collisions.empty() || page_.collisions.back().lead != lead) {
        if (page_.collisions.size() == limit_) {
            page_.next_after = last_lead();
            return false;
        }
        Collision collision;
        collision.lead = lead;
        collision.first = first;
        collision.last = last;
        page_.collisions.push_back(std::move(collision));
        kinds_.emplace_back(false, false);
    }
    Collision& collision = page_.collisions.back();
    collision.users.push_back(user);
    collision.first = std::min(collision.first, first);
    collision.last = std::max(collision.last, last);
    kinds_.back().first = kinds_.back().first || follow_up;
    kinds_.back().second = kinds_.back().second || take;
    return true;
}

void CollisionPageRows::add_merge(LeadId survivor, MergeId id) {
    const auto it = std::lower_bound(page_.collisions.begin(), page_.collisions.end(), survivor,
                                     [](const Collision& collision, LeadId lead) { return collision.lead < lead; });
    if (it != page_.collisions.end() && it->lead == survivor) it->merges.push_back(id);
}

CollisionKind CollisionPageRows::kind_of(std::size_t index) const {
    const auto [follow_ups, takes] = kinds_[index];
    return follow_ups && takes ? CollisionKind::both : follow_ups ? CollisionKind::follow_up : CollisionKind::ownership;
}

CollisionPage CollisionPageRows::page() {
    for (std::size_t i = 0; i < page_.collisions.size(); ++i) {
        page_.collisions[i].kind = kind_of(i);
        // In the order of UserId, whatever the database's collation.
        std::sort(page_.collisions[i].users.begin(), page_.collisions[i].users.end());
    }
    return page_;
}

}  // namespace leadpool::selection_sql
