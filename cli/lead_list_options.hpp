// leadpool CLI — the lead list's filters and order as flags, shared by the commands that walk
// leads (export leads, export history): the LeadFilter and PageRequest of include/leadpool/query.hpp.
#pragma once

#include <CLI/CLI.hpp>
#include <leadpool/leadpool.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "session.hpp"

namespace leadpool::cli {

struct LeadListOptions {
    std::string tier, pool, owner, channel, tag, campaign;
    LeadId referred_by = 0;
    std::string created_from, created_to, active_from, active_to;  // times as time_text.hpp reads them
    std::vector<std::string> where;  // attribute conditions: NAME=V, NAME^=PREFIX, NAME>=N, NAME<N, NAME?
    std::string search;
    std::vector<std::string> search_in = {"name"};
    std::string phone_prefix, email_domain;
    std::string score_model;  // the model of --score-min/--score-max and of --sort score
    std::optional<std::int64_t> score_min, score_max;
    std::string sort = "id";
    bool descending = false;
};

// --tier, --pool, --owner, --channel, --tag, --campaign, --referred-by, --created-from/-to,
// --active-from/-to, --where, --search, --search-in, --phone-prefix, --email-domain,
// --score-model, --score-min, --score-max.
void add_lead_filter_flags(CLI::App* command, LeadListOptions& options);
// --sort, --descending.
void add_lead_sort_flags(CLI::App* command, LeadListOptions& options);

// The filter the flags describe; a flag the engine cannot take is a UsageError naming it.
LeadFilter lead_filter(Session& session, const LeadListOptions& options);

// Calls `each` with every lead of the filter the actor may read, in the flags' order.
void for_each_listed_lead(Session& session, const LeadListOptions& options,
                          const std::function<void(const Lead&)>& each);

}  // namespace leadpool::cli
