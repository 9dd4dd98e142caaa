// A lead selection as SQL: the WHERE terms and their parameter values, shared by the SQL stores.
// The terms read the columns of `leads` (or of `funnel_counts`, whose rows carry the capture day
// instead of the capture time); only the spelling of "pool_id is in this list" differs between
// SQLite and PostgreSQL, and each store passes its own.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "leadpool/store.hpp"

namespace leadpool::selection_sql {

// A lead's capture day is the UTC day of created_at: the grain of the funnel counters.
inline constexpr std::int64_t kDayMs = 86'400'000;

// A parameter of a statement whose SQL is built at run time.
using Value = std::variant<std::int64_t, double, std::string>;

// A conjunction of SQL terms with the values their parameters take, in order.
struct Filter {
    std::vector<std::string> terms;
    std::vector<Value> values;

    void add(std::string term) { terms.push_back(std::move(term)); }
    void add(std::string term, Value value) {
        terms.push_back(std::move(term));
        values.push_back(std::move(value));
    }
    void append(Filter other) {
        for (auto& term : other.terms) terms.push_back(std::move(term));
        for (auto& value : other.values) values.push_back(std::move(value));
    }
    std::string sql() const {
        std::string out;
        for (const auto& term : terms) {
            if (!out.empty()) out += " AND ";
            out += term;
        }
        return out;
    }
};

// Which SQL a store speaks, for the terms spelled too differently for a string in Dialect.
enum class SqlFlavour { sqlite, postgres };

// How a store spells what the SQL stores write differently.
struct Dialect {
    SqlFlavour flavour;
    // The term "pool_id is one of the ids of the JSON array bound to ?".
    const char* pool_in_json_list;
    // The join of a tag's lead_tags rows to their leads, read in the tag index's id order.
    const char* tag_join;
};

// Which table a filter runs against: leads, or the funnel counters (whose rows carry the capture
// day instead of the capture time).
enum class Source { leads, funnel_counts };

// Adds the tier, pool and owner terms shared by a selection and its visibility clauses; false
// when they can match no lead.
bool add_placement(Filter& filter, TierMask tiers, const std::optional<std::vector<PoolId>>& pools,
                   const std::optional<UserId>& owner, const Dialect& dialect);

// The term of every leads filter: an absorbed lead (merged_into <> 0) is in no report.
inline constexpr const char* kNotAbsorbed = "merged_into = 0";

// The filter for a selection, but for its tag, which the caller joins or looks up itself;
// nullopt when it can select no lead.
std::optional<Filter> selection_filter(const LeadSelection& selection, Source source, const Dialect& dialect);

// The counters answer a funnel when nothing filters below their grain: no tag, and capture
// bounds on whole UTC days.
bool counters_answer(const LeadSelection& selection);

// A statement built at run time, with the values of its parameters in order.
struct Statement {
    std::string sql;
    std::vector<Value> values;
};

// The statement reading `columns` of the selected leads with id > after, by id, at most `limit`;
// with a tag, the page is read in id order off the tag index, so it costs the leads skipped, not
// every lead with the tag. nullopt when the selection can select no lead or limit is 0.
std::optional<Statement> lead_page_statement(const LeadSelection& selection, LeadId after, std::size_t limit,
                                             const char* columns, const Dialect& dialect);

// The statement reading `columns` of the selected leads in `order` past its cursor, at most
// `limit`, off the index of the sort key; nullopt when the selection can select no lead or limit
// is 0.
std::optional<Statement> sorted_page_statement(const LeadSelection& selection, const LeadOrder& order,
                                               std::size_t limit, const char* columns, const Dialect& dialect);

// The statement reading `columns` of the opportunities `selection` matches of the leads `leads`
// selects, past `after` in (lead_id, number) order, at most `limit`: opportunities joined to their
// leads, whose column names differ. nullopt when nothing can match or limit is 0.
std::optional<Statement> opportunity_page_statement(const LeadSelection& leads, const OpportunitySelection& selection,
                                                    const std::optional<OpportunityCursor>& after,
                                                    std::size_t limit, const char* columns, const Dialect& dialect);

// The filter for the held leads of `pool` in `tiers` not active since `active_before`; nullopt
// when it can match no lead.
std::optional<Filter> idle_leads_filter(PoolId pool, TierMask tiers, Timestamp active_before,
                                        const Dialect& dialect);

// The statement counting a selection's leads by (tier, reached), rows (tier, reached, count) in
// that order: off the funnel counters when they answer it, else over the leads. nullopt when the
// selection can select no lead.
std::optional<Statement> funnel_statement(const LeadSelection& selection, const Dialect& dialect);

}  // namespace leadpool::selection_sql
