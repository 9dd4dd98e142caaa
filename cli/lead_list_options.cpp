// The lead list's flags (see lead_list_options.hpp).
#include "lead_list_options.hpp"

#include "exit_codes.hpp"
#include "time_text.hpp"

namespace leadpool::cli {
namespace {

double number_flag(const std::string& text, const std::string& expression) {
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
    throw UsageError("--where " + expression + ": '" + text + "' is not a number");
}

std::string attribute_field(const std::string& name) {
    return name.rfind("attributes.", 0) == 0 ? name : "attributes." + name;
}

// NAME=VALUE (equals), NAME^=PREFIX, NAME>=N, NAME<N (a range), NAME? (exists).
RuleCondition where_condition(const std::string& expression) {
    RuleCondition condition;
    if (!expression.empty() && expression.back() == '?') {
        condition.field = attribute_field(expression.substr(0, expression.size() - 1));
        condition.op = RuleOperator::exists;
        return condition;
    }
    for (const char* op : {"^=", ">=", "<", "="}) {
        const auto at = expression.find(op);
        if (at == std::string::npos || at == 0) continue;
        condition.field = attribute_field(expression.substr(0, at));
        const std::string value = expression.substr(at + std::char_traits<char>::length(op));
        const std::string written = op;
        if (written == "=") {
            condition.op = RuleOperator::equals;
            condition.values = {value};
        } else if (written == "^=") {
            condition.op = RuleOperator::prefix;
            condition.values = {value};
        } else {
            condition.op = RuleOperator::range;
            (written == ">=" ? condition.min : condition.max) = number_flag(value, expression);
        }
        return condition;
    }
    throw UsageError("--where " + expression + ": write NAME=VALUE, NAME^=PREFIX, NAME>=N, NAME<N or NAME?");
}

}  // namespace

void add_lead_filter_flags(CLI::App* command, LeadListOptions& options) {
    command->add_option("--tier", options.tier, "only leads at this tier");
    command->add_option("--pool", options.pool, "only leads in this pool and below it (name or id)");
    command->add_option("--owner", options.owner, "only leads this user holds");
    command->add_option("--channel", options.channel, "only leads first captured on this channel");
    command->add_option("--tag", options.tag, "only leads with this tag");
    command->add_option("--campaign", options.campaign, "only leads whose first touch has this campaign");
    command->add_option("--referred-by", options.referred_by, "only leads this lead referred (id)");
    command->add_option("--created-from", options.created_from, "only leads captured at or after this time");
    command->add_option("--created-to", options.created_to, "only leads captured before this time");
    command->add_option("--active-from", options.active_from, "only leads last active at or after this time");
    command->add_option("--active-to", options.active_to, "only leads last active before this time");
    command->add_option("--where", options.where,
                        "an attribute condition, repeatable: NAME=VALUE, NAME^=PREFIX, NAME>=N, NAME<N, NAME?");
    command->add_option("--search", options.search, "text inside the --search-in attributes (ASCII case folded)");
    command->add_option("--search-in", options.search_in, "the attributes --search reads, comma-separated")
        ->delimiter(',')
        ->capture_default_str();
    command->add_option("--phone-prefix", options.phone_prefix, "only leads with a phone starting so");
    command->add_option("--email-domain", options.email_domain, "only leads with an e-mail at this domain");
    command->add_option("--score-model", options.score_model, "the scoring model of --score-min, --score-max, --sort score");
    command->add_option("--score-min", options.score_min, "only leads scoring at least this (inclusive)");
    command->add_option("--score-max", options.score_max, "only leads scoring at most this (inclusive)");
}

void add_lead_sort_flags(CLI::App* command, LeadListOptions& options) {
    command->add_option("--sort", options.sort, "id, created, updated, last_activity or score (with --score-model)")
        ->capture_default_str();
    command->add_flag("--descending", options.descending, "newest, or best score, first");
}

LeadFilter lead_filter(Session& session, const LeadListOptions& options) {
    LeadFilter filter;
    if (!options.tier.empty()) {
        filter.tier = parse_tier(options.tier);
        if (!filter.tier) throw UsageError("--tier: unknown tier '" + options.tier + "'");
    }
    if (!options.pool.empty()) filter.pool = find_pool(session.engine(), session.as(), options.pool).id;
    if (!options.owner.empty()) filter.owner = options.owner;
    if (!options.channel.empty()) filter.channel = options.channel;
    if (!options.tag.empty()) filter.tag = options.tag;
    if (!options.campaign.empty()) filter.campaign = options.campaign;
    if (options.referred_by != 0) filter.referred_by = options.referred_by;
    filter.created_from = time_flag(options.created_from, "--created-from");
    filter.created_to = time_flag(options.created_to, "--created-to");
    filter.active_from = time_flag(options.active_from, "--active-from");
    filter.active_to = time_flag(options.active_to, "--active-to");
    for (const std::string& expression : options.where) filter.attributes.push_back(where_condition(expression));
    if (!options.search.empty()) filter.text = TextSearch{options.search, options.search_in};
    if (!options.phone_prefix.empty() && !options.email_domain.empty()) {
        throw UsageError("--phone-prefix and --email-domain: give one of the two");
    }
    if (!options.phone_prefix.empty()) filter.identity = IdentityMatch{IdentityKind::phone, options.phone_prefix, ""};
    if (!options.email_domain.empty()) filter.identity = IdentityMatch{IdentityKind::email, "", options.email_domain};
    if (options.score_min || options.score_max) {
        if (options.score_model.empty()) throw UsageError("--score-min, --score-max: name the model with --score-model");
        filter.score = ScoreRange{options.score_model, options.score_min, options.score_max};
    }
    return filter;
}

void for_each_listed_lead(Session& session, const LeadListOptions& options,
                          const std::function<void(const Lead&)>& each) {
    const LeadFilter filter = lead_filter(session, options);
    PageRequest page;
    page.limit = kMaxPageSize;
    const auto key = parse_lead_sort_key(options.sort);
    if (!key) throw UsageError("--sort: id, created, updated, last_activity or score, not '" + options.sort + "'");
    page.sort.key = *key;
    page.sort.descending = options.descending;
    if (*key == LeadSortKey::score) {
        if (options.score_model.empty()) throw UsageError("--sort score: name the model with --score-model");
        page.sort.score_model = options.score_model;
    }
    while (true) {
        const LeadPage leads = session.engine().leads(session.as(), filter, page);
        for (const Lead& lead : leads.leads) each(lead);
        if (!leads.next_cursor) break;
        page.cursor = leads.next_cursor;
    }
}

}  // namespace leadpool::cli
