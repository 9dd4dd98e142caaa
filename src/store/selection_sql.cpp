// A lead selection as SQL (see selection_sql.hpp).
#include "store/selection_sql.hpp"

#include "store/lead_search_sql.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>
#include <utility>

namespace leadpool::selection_sql {

bool add_placement(Filter& filter, TierMask tiers, const std::optional<std::vector<PoolId>>& pools,
                   const std::optional<UserId>& owner, const Dialect& dialect) {
    const unsigned mask = tiers & kAllTiers;
    if (mask == 0) return false;
    if (mask != kAllTiers) {
        std::string term = "tier IN (";
        for (int tier = 0; tier < kTierCount; ++tier) {
            if ((mask & (1u << tier)) == 0) continue;
            if (term.back() == '?') term += ", ";
            term += '?';
            filter.values.emplace_back(std::int64_t{tier});
        }
        filter.add(term + ")");
    }
    if (pools) {
        if (pools->empty()) return false;
        if (pools->size() == 1) {
            filter.add("pool_id = ?", pools->front());
        } else {
            filter.add(dialect.pool_in_json_list, nlohmann::json(*pools).dump());
        }
    }
    if (owner) filter.add("owner = ?", *owner);
    return true;
}


std::optional<Filter> selection_filter(const LeadSelection& selection, Source source, const Dialect& dialect) {
    Filter filter;
    if (!add_placement(filter, selection.tiers, selection.pools, selection.owner, dialect)) return std::nullopt;
    if (selection.channel) filter.add("channel = ?", *selection.channel);
    if (selection.referred_by) {
        // The counters do not count by referrer (counters_answer says so); the first term lets the
        // partial index leads_by_referred_by answer.
        if (selection.referred_by->empty()) return std::nullopt;
        std::string term = "referred_by IN (";
        for (const LeadId id : *selection.referred_by) {
            if (term.back() == '?') term += ", ";
            term += '?';
            filter.values.emplace_back(id);
        }
        filter.add("referred_by <> 0");
        filter.add(term + ")");
    }
    if (selection.campaign) {
        // The counters do not count by campaign (counters_answer says so); the first term lets the
        // partial index leads_by_campaign or leads_by_last_campaign answer.
        const char* column = selection.campaign_touch == TouchModel::first ? "campaign" : "last_campaign";
        if (!selection.campaign->empty()) filter.add(std::string(column) + " <> ''");
        filter.add(std::string(column) + " = ?", *selection.campaign);
    }
    if (selection.score) {
        // The counters do not count by score (counters_answer says so); the index
        // lead_scores_by_points answers the range.
        std::string term =
            "EXISTS (SELECT 1 FROM lead_scores WHERE lead_scores.lead_id = leads.id AND lead_scores.model = ?";
        filter.values.emplace_back(selection.score->model);
        if (selection.score->min) {
            term += " AND lead_scores.points >= ?";
            filter.values.emplace_back(*selection.score->min);
        }
        if (selection.score->max) {
            term += " AND lead_scores.points <= ?";
            filter.values.emplace_back(*selection.score->max);
        }
        filter.add(term + ")");
    }
    if (source == Source::leads) {
        filter.add(kNotAbsorbed);  // the counters never count absorbed leads
        if (selection.created_from) filter.add("created_at >= ?", *selection.created_from);
        if (selection.created_to) filter.add("created_at < ?", *selection.created_to);
        if (selection.active_from) filter.add("last_activity_at >= ?", *selection.active_from);
        if (selection.active_to) filter.add("last_activity_at < ?", *selection.active_to);
        for (const RuleCondition& condition : selection.attributes) {
            filter.append(attribute_condition(condition, dialect.flavour));
        }
        if (selection.text) filter.append(text_search_term(*selection.text, dialect.flavour));
        if (selection.identity) filter.append(identity_term(*selection.identity, dialect.flavour));
    } else {
        if (selection.created_from) filter.add("capture_day >= ?", *selection.created_from / kDayMs);
        if (selection.created_to) filter.add("capture_day < ?", *selection.created_to / kDayMs);
    }

    std::vector<Filter> clauses;
    for (const VisibilityClause& clause : selection.visible_if) {
        Filter terms;
        if (!add_placement(terms, clause.tiers, clause.pools, clause.owner, dialect)) continue;
        if (terms.terms.empty()) return filter;  // this clause lets every lead through
        clauses.push_back(std::move(terms));
    }
    if (clauses.empty()) return std::nullopt;
    if (clauses.size() == 1) {
        filter.append(std::move(clauses.front()));
        return filter;
    }
    Filter any;
    std::string sql;
    for (Filter& clause : clauses) {
        sql += sql.empty() ? "((" : ") OR (";
        sql += clause.sql();
        any.values.insert(any.values.end(), clause.values.begin(), clause.values.end());
    }
    any.add(sql + "))");
    filter.append(std::move(any));
    return filter;
}

bool counters_answer(const LeadSelection& selection) {
    const auto whole_day = [](const std::optional<Timestamp>& t) { return !t || *t % kDayMs == 0; };
    // The counters know nothing of what lies inside a lead or of its last activity.
    return !selection.tag && !selection.referred_by && whole_day(selection.created_from) &&
           whole_day(selection.created_to) && !selection.active_from && !selection.active_to &&
           !selection.campaign && selection.attributes.empty() && !selection.text && !selection.identity &&
           !selection.score;
}

std::optional<Statement> lead_page_statement(const LeadSelection& selection, LeadId after, std::size_t limit,
                                             const char* columns, const Dialect& dialect) {
    auto filter = selection_filter(selection, Source::leads, dialect);
    if (!filter || limit == 0) return std::nullopt;
    Statement statement;
    statement.sql = std::string("SELECT ") + columns;
    if (selection.tag) {
        statement.sql += std::string(" FROM lead_tags ") + dialect.tag_join +
                         " leads ON leads.id = lead_tags.lead_id"
                         " WHERE lead_tags.tag = ? AND lead_tags.lead_id > ?";
        statement.values.emplace_back(*selection.tag);
    } else {
        statement.sql += " FROM leads WHERE id > ?";
    }
    statement.values.emplace_back(after);
    if (!filter->terms.empty()) statement.sql += " AND " + filter->sql();
    for (Value& value : filter->values) statement.values.push_back(std::move(value));
    statement.sql += selection.tag ? " ORDER BY lead_tags.lead_id LIMIT ?" : " ORDER BY id LIMIT ?";
    const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    statement.values.emplace_back(static_cast<std::int64_t>(std::min(limit, max)));
    return statement;
}

namespace {

const char* sort_column(LeadSortKey key) {
    switch (key) {
        case LeadSortKey::id: return "id";
        case LeadSortKey::created: return "created_at";
        case LeadSortKey::updated: return "updated_at";
        case LeadSortKey::last_activity: return "last_activity_at";
        case LeadSortKey::score: return "sort_score.points";
    }
    return "id";
}

}  // namespace

std::optional<Statement> sorted_page_statement(const LeadSelection& selection, const LeadOrder& order,
                                               std::size_t limit, const char* columns, const Dialect& dialect) {
    auto filter = selection_filter(selection, Source::leads, dialect);
    if (!filter || limit == 0) return std::nullopt;
    if (selection.tag) filter->add("id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *selection.tag);
    // By score the page walks the index lead_scores_by_points (model, points, lead_id) and joins
    // each lead, so the sort's id is the score's lead_id; a lead without a score there is left out.
    const bool by_score = order.sort.key == LeadSortKey::score;
    if (by_score) filter->add("sort_score.model = ?", order.sort.score_model);
    const std::string column = sort_column(order.sort.key);
    const std::string id = by_score ? "sort_score.lead_id" : "id";
    const char* direction = order.sort.descending ? " DESC" : "";
    if (order.after) {
        // A row value: the index on (column, id) starts the scan right after the cursor.
        const std::string past = order.sort.descending ? " < " : " > ";
        if (order.sort.key == LeadSortKey::id) {
            filter->add("id" + past + "?", order.after->id);
        } else {
            filter->add("(" + column + ", " + id + ")" + past + "(?, ?)", order.after->key);
            filter->values.emplace_back(order.after->id);
        }
    }
    Statement statement;
    statement.sql = std::string("SELECT ") + columns + " FROM leads";
    if (by_score) statement.sql += " JOIN lead_scores AS sort_score ON sort_score.lead_id = leads.id";
    statement.sql += " WHERE " + filter->sql() + " ORDER BY ";
    if (order.sort.key != LeadSortKey::id) statement.sql += column + direction + ", ";
    statement.sql += id + direction + " LIMIT ?";
    statement.values = std::move(filter->values);
    const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    statement.values.emplace_back(static_cast<std::int64_t>(std::min(limit, max)));
    return statement;
}

std::optional<Statement> opportunity_page_statement(const LeadSelection& leads, const OpportunitySelection& selection,
                                                    const std::optional<OpportunityCursor>& after,
                                                    std::size_t limit, const char* columns, const Dialect& dialect) {
    auto filter = selection_filter(leads, Source::leads, dialect);
    if (!filter || limit == 0) return std::nullopt;
    if (leads.tag) filter->add("leads.id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *leads.tag);
    if (selection.workflow) filter->add("opportunities.workflow = ?", *selection.workflow);
    if (selection.step) filter->add("opportunities.step = ?", *selection.step);
    if (selection.status) filter->add("opportunities.status = ?", std::int64_t{static_cast<int>(*selection.status)});
    if (selection.amount_min) filter->add("opportunities.amount >= ?", *selection.amount_min);
    if (selection.amount_max) filter->add("opportunities.amount <= ?", *selection.amount_max);
    if (after) {
        // A row value: the primary key (lead_id, number) starts the scan right after the cursor.
        filter->add("(opportunities.lead_id, opportunities.number) > (?, ?)", after->lead);
        filter->values.emplace_back(after->number);
    }
    Statement statement;
    statement.sql = std::string("SELECT ") + columns +
                    " FROM opportunities JOIN leads ON leads.id = opportunities.lead_id WHERE " + filter->sql() +
                    " ORDER BY opportunities.lead_id, opportunities.number LIMIT ?";
    statement.values = std::move(filter->values);
    const auto max = static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max());
    statement.values.emplace_back(static_cast<std::int64_t>(std::min(limit, max)));
    return statement;
}

std::optional<Filter> idle_leads_filter(PoolId pool, TierMask tiers, Timestamp active_before,
                                        const Dialect& dialect) {
    Filter filter;
    if (!add_placement(filter, tiers, std::vector<PoolId>{pool}, std::nullopt, dialect)) return std::nullopt;
    filter.add("owner <> ''");
    filter.add(kNotAbsorbed);
    filter.add("last_activity_at < ?", active_before);
    return filter;
}

std::optional<Statement> funnel_statement(const LeadSelection& selection, const Dialect& dialect) {
    const bool by_counters = counters_answer(selection);
    auto filter = selection_filter(selection, by_counters ? Source::funnel_counts : Source::leads, dialect);
    if (!filter) return std::nullopt;
    if (selection.tag) filter->add("id IN (SELECT lead_id FROM lead_tags WHERE tag = ?)", *selection.tag);
    Statement statement;
    statement.sql = by_counters ? "SELECT tier, reached, sum(n) FROM funnel_counts"
                                : "SELECT tier, reached, count(*) FROM leads";
    if (!filter->terms.empty()) statement.sql += " WHERE " + filter->sql();
    statement.sql += " GROUP BY tier, reached ORDER BY tier, reached";
    statement.values = std::move(filter->values);
    return statement;
}

}  // namespace leadpool::selection_sql
