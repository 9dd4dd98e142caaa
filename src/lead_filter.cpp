#include "lead_filter.hpp"

#include <algorithm>
#include <string>

#include "context.hpp"
#include "lead_data.hpp"
#include "leads.hpp"
#include "leadpool/limits.hpp"
#include "routing_rules.hpp"
#include "store/text_search.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

[[noreturn]] void bad_filter(const std::string& what) {
    throw Error(ErrorCode::invalid_argument, "lead filter: " + what);
}

// An attribute path both SQL stores can quote: non-empty keys without '"' or '\'.
void check_attribute_path(const std::string& path, const std::string& where) {
    if (path.empty() || path.front() == '.' || path.back() == '.' || path.find("..") != std::string::npos) {
        bad_filter(where + ": '" + path + "' is not an attribute path (keys joined by '.')");
    }
    if (path.find_first_of("\"\\") != std::string::npos) {
        bad_filter(where + ": '" + path + "': an attribute path holds no '\"' or '\\'");
    }
}

std::vector<RuleCondition> checked_conditions(const std::vector<RuleCondition>& conditions) {
    if (conditions.size() > kMaxFilterConditions) {
        throw Error(ErrorCode::limit_exceeded, "lead filter: attributes: " + std::to_string(conditions.size()) +
                                                   " conditions: at most " + std::to_string(kMaxFilterConditions));
    }
    const std::string prefix = "attributes.";
    for (std::size_t i = 0; i < conditions.size(); ++i) {
        const std::string where = "attributes[" + std::to_string(i) + "]";
        const RuleCondition& condition = conditions[i];
        check_condition(condition, "lead filter: " + where, ConditionOn::lead);
        if (condition.field.compare(0, prefix.size(), prefix) != 0) {
            bad_filter(where + ": field '" + condition.field + "': lead lists filter attributes.<path> only");
        }
        check_attribute_path(condition.field.substr(prefix.size()), where);
    }
    return conditions;
}

TextSearch checked_text(const TextSearch& search) {
    check_text(search.query, "lead filter text.query");
    if (search.query.empty()) bad_filter("text.query is empty");
    if (search.query.size() > kMaxTextSearchBytes) {
        throw Error(ErrorCode::limit_exceeded, "lead filter: text.query: " + std::to_string(search.query.size()) +
                                                   " bytes: at most " + std::to_string(kMaxTextSearchBytes));
    }
    if (search.fields.empty()) bad_filter("text.fields: name at least one attribute to search");
    if (search.fields.size() > kMaxTextSearchFields) {
        throw Error(ErrorCode::limit_exceeded, "lead filter: text.fields: " + std::to_string(search.fields.size()) +
                                                   " fields: at most " + std::to_string(kMaxTextSearchFields));
    }
    for (std::size_t i = 0; i < search.fields.size(); ++i) {
        check_text(search.fields[i], "lead filter text.fields");
        check_attribute_path(search.fields[i], "text.fields[" + std::to_string(i) + "]");
    }
    return {text_search::ascii_lower(search.query), search.fields};
}

// The prefix or domain in the form identities are stored in (identity_rules.hpp): a phone
// fragment keeps its '+' and digits, e-mail and device ids are lower case.
IdentityMatch checked_identity(const IdentityMatch& match) {
    check_text(match.prefix, "lead filter identity.prefix");
    check_text(match.domain, "lead filter identity.domain");
    if (match.prefix.empty() == match.domain.empty()) bad_filter("identity: give a prefix or a domain, one of them");
    IdentityMatch out{match.kind, match.prefix, match.domain};
    if (!match.domain.empty()) {
        if (match.kind != IdentityKind::email) bad_filter("identity.domain: matches email identities only");
        out.domain = text_search::ascii_lower(match.domain);
        if (out.domain.front() == '@') out.domain.erase(0, 1);
        if (out.domain.empty() || out.domain.find_first_of("@ ") != std::string::npos) {
            bad_filter("identity.domain: '" + match.domain + "' is not an e-mail domain");
        }
        return out;
    }
    if (match.kind == IdentityKind::phone) {
        out.prefix.clear();
        for (const char c : match.prefix) {
            if ((c >= '0' && c <= '9') || (c == '+' && out.prefix.empty())) out.prefix += c;
        }
        if (out.prefix.empty() || out.prefix == "+") {
            bad_filter("identity.prefix: '" + match.prefix + "' holds no digits of a phone number");
        }
    } else if (match.kind == IdentityKind::email || match.kind == IdentityKind::device_id) {
        out.prefix = text_search::ascii_lower(match.prefix);
    }
    return out;
}

}  // namespace

LeadSelection filtered_selection(const Reading& reading, const LeadFilter& filter) {
    LeadSelection selection = visible_selection(reading, filter.pool);
    if (filter.tier) selection.tiers = tier_bit(*filter.tier);
    selection.owner = filter.owner;
    selection.channel = filter.channel;
    selection.tag = filter.tag;
    selection.created_from = filter.created_from;
    selection.created_to = filter.created_to;
    selection.active_from = filter.active_from;
    selection.active_to = filter.active_to;
    if (filter.referred_by) selection.referred_by = std::vector<LeadId>{*filter.referred_by};
    selection.campaign = filter.campaign;
    selection.attributes = checked_conditions(filter.attributes);
    if (filter.text) selection.text = checked_text(*filter.text);
    if (filter.identity) selection.identity = checked_identity(*filter.identity);
    selection.score = checked_score_range(filter.score);
    return selection;
}

void check_page(const PageRequest& page) {
    if (page.limit < 1 || page.limit > kMaxPageSize) {
        throw Error(ErrorCode::invalid_argument, "page limit must be 1.." + std::to_string(kMaxPageSize) +
                                                     ", not " + std::to_string(page.limit));
    }
    if (page.after != 0 && page.cursor) {
        throw Error(ErrorCode::invalid_argument, "page: give after or cursor, not both");
    }
    if (page.after != 0 && (page.sort.key != LeadSortKey::id || page.sort.descending)) {
        throw Error(ErrorCode::invalid_argument,
                    "page after: pages in ascending id order only; continue other orders with cursor");
    }
    if (page.sort.key == LeadSortKey::score) {
        checked_name(page.sort.score_model, "page score_model");
    } else if (!page.sort.score_model.empty()) {
        throw Error(ErrorCode::invalid_argument, "page score_model: only a sort by score reads a model");
    }
}

LeadPage leads(const Reading& reading, const LeadFilter& filter, const PageRequest& page) {
    const LeadSelection selection = filtered_selection(reading, filter);
    const bool by_id = page.sort.key == LeadSortKey::id && !page.sort.descending;
    LeadPage result;
    if (by_id && !page.cursor) {
        result.leads = reading.store.leads(selection, page.after, page.limit + 1);
    } else {
        result.leads = reading.store.sorted_leads(selection, LeadOrder{page.sort, page.cursor}, page.limit + 1);
    }
    if (result.leads.size() > page.limit) {
        result.leads.resize(page.limit);
        const Lead& last = result.leads.back();
        if (by_id) result.next_after = last.id;
        const bool by_score = page.sort.key == LeadSortKey::score;
        const auto value =
            sort_value(page.sort, last, by_score ? reading.store.lead_scores(last.id) : std::vector<LeadScore>{});
        // The page read the score with the lead, in the same snapshot: it is there.
        result.next_cursor = LeadCursor{value.value_or(0), last.id};
    }
    return result;
}

}  // namespace leadpool::detail
