// The hoarding report as three SQL statements, shared by the SQL stores: the held leads of the
// selection by (owner, tier) with their idle count, the period's claims and losses by owner (off
// the index history_by_time), and the churn by owner; each one GROUP BY, never a query per owner
// or per lead.
#pragma once

#include <map>
#include <optional>

#include "leadpool/owner_holdings.hpp"
#include "store/selection_sql.hpp"

namespace leadpool::selection_sql {

struct HoldingsStatements {
    Statement held;    // rows (owner, tier, leads, idle)
    Statement period;  // rows (owner, claims, releases, recycles, taken_away)
    Statement churn;   // rows (owner, churned)
};

// nullopt when the selection can select no lead.
std::optional<HoldingsStatements> holdings_statements(const LeadSelection& selection, const HoldingsWindow& window,
                                                      const Dialect& dialect);

// The owners' lines gathered from the rows of the three statements.
class HoldingLines {
public:
    template <typename Row>
    void add_held(const Row& row, Tier tier) {
        OwnerHolding& line = line_of(row.text(0));
        line.held[static_cast<std::size_t>(tier)] += row.integer(2);
        line.idle += row.integer(3);
    }
    template <typename Row>
    void add_period(const Row& row) {
        OwnerHolding& line = line_of(row.text(0));
        line.claims += row.integer(1);
        line.releases += row.integer(2);
        line.recycles += row.integer(3);
        line.taken_away += row.integer(4);
    }
    template <typename Row>
    void add_churn(const Row& row) {
        line_of(row.text(0)).churned += row.integer(1);
    }
    std::vector<OwnerHolding> lines() const;  // by owner

private:
    OwnerHolding& line_of(const UserId& owner);
    std::map<UserId, OwnerHolding> lines_;
};

}  // namespace leadpool::selection_sql
