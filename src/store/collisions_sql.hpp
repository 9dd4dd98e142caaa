// The collision report as SQL, shared by the SQL stores: the works of the period (follow-ups and
// takes, off the index history_by_time) each joined to the root of its lead's merge group, then
// LAG/LEAD over each group's works ordered by time give every work its nearest work by another
// user on each side; the colliding ones come back by (lead, user). A second statement reads the
// collision merges of the page's leads. Never a query per lead.
#pragma once

#include <optional>
#include <set>
#include <vector>

#include "leadpool/collisions.hpp"
#include "store/selection_sql.hpp"

namespace leadpool::selection_sql {

// Rows (lead, user, first, last, any follow-up 0/1, any take 0/1) of the colliding works of the
// selected leads past `after`, by lead then user; nullopt when the selection can select no lead.
std::optional<Statement> collisions_statement(const LeadSelection& selection, const CollisionRequest& request,
                                              LeadId after, const Dialect& dialect);

// Rows (survivor, id) of the collision merges of the period whose survivor lies in
// (first, last], by survivor then id.
Statement collision_merges_statement(const CollisionRequest& request, LeadId first, LeadId last);

// A page gathered from the rows of collisions_statement, then given its merges.
class CollisionPageRows {
public:
    explicit CollisionPageRows(std::size_t limit) : limit_(limit) {}

    // Adds a row; false once the page is full and the row starts a further lead (next_after is set).
    template <typename Row>
    bool add(const Row& row) {
        return add(row.integer(0), row.text(1), row.integer(2), row.integer(3), row.integer(4) != 0,
                   row.integer(5) != 0);
    }
    template <typename Row>
    void add_merge(const Row& row) {
        add_merge(row.integer(0), row.integer(1));
    }
    // The leads after which the page's merges lie: (after, last lead of the page].
    LeadId last_lead() const { return page_.collisions.empty() ? 0 : page_.collisions.back().lead; }
    CollisionPage page();

private:
    bool add(LeadId lead, const UserId& user, Timestamp first, Timestamp last, bool follow_up, bool take);
    void add_merge(LeadId survivor, MergeId id);
    CollisionKind kind_of(std::size_t index) const;

    std::size_t limit_;
    CollisionPage page_;
    std::vector<std::pair<bool, bool>> kinds_;  // per collision: any follow-up, any take
};

}  // namespace leadpool::selection_sql
