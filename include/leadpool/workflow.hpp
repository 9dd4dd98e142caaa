// leadpool — opportunity workflows (docs/design.md 3).
//
// A workflow is an ordered list of steps, defined once and bound to product types. Qualifying a
// lead with a product type opens an opportunity that follows that type's workflow: it has an
// amount, a main owner (a person or a team) and collaborators who join at given steps. Step
// moves, wins (with the order's amount and time), losses (with a reason) and reactivations are
// rows of the lead's history.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadpool/clock.hpp"
#include "leadpool/lead.hpp"

namespace leadpool {

struct WorkflowStep {
    std::string name;                   // unique in the workflow
    std::vector<UserId> collaborators;  // join the opportunity when it reaches this step
};

struct Workflow {
    std::string name;                        // unique; a workflow is defined once, then updated
    std::vector<WorkflowStep> steps;         // at least one; an opportunity starts at the first
    std::vector<std::string> product_types;  // each bound to one workflow in use only
    bool retired = false;                    // opens no more opportunities; its open ones run on
};

enum class OpportunityStatus : std::uint8_t {
    open = 0,
    won = 1,
    lost = 2,
    reactivated = 3,  // lost, and its lead reactivated (a new qualification opens a new one)
    released = 4,     // its holder let it go or it was recycled: the lead is back at tier sub or master
};

const char* to_string(OpportunityStatus status) noexcept;
std::optional<OpportunityStatus> parse_opportunity_status(std::string_view name) noexcept;

// The main owner: a person, or a team (a sub pool).
struct MainOwner {
    UserId user;                 // set for a person
    std::optional<PoolId> team;  // set for a team
};

struct Collaborator {
    UserId user;
    std::string step;  // the step at which they joined
    Timestamp joined_at = 0;
};

struct Opportunity {
    LeadId lead = 0;
    std::int64_t number = 1;  // 1 for a lead's first opportunity, 2 after a reactivation, ...
    std::string product_type;
    std::string workflow;
    std::string step;         // the current step
    std::int64_t amount = 0;  // in the currency's smallest unit
    MainOwner owner;
    std::vector<Collaborator> collaborators;  // in the order they joined
    OpportunityStatus status = OpportunityStatus::open;
    Timestamp opened_at = 0;
    Timestamp closed_at = 0;        // won or lost; 0 while open
    std::int64_t order_amount = 0;  // won: the order's amount
    std::string lost_reason;
};

// Filters for the pipeline view: opportunities across leads. Every field set must match. The
// actor only ever gets opportunities of leads they may read, whatever the filter says; those of
// a lead absorbed by a merge are listed by its survivor's opportunities(actor, lead), not here.
struct OpportunityFilter {
    std::optional<std::string> workflow;
    std::optional<std::string> step;  // the current step
    std::optional<OpportunityStatus> status;
    std::optional<UserId> owner;  // the lead's owner
    std::optional<PoolId> pool;   // the lead's pool: this pool and every sub pool below it
    std::optional<std::int64_t> amount_min;  // inclusive, >= 0
    std::optional<std::int64_t> amount_max;  // inclusive, >= amount_min
};

// Where a page of opportunities continues: right after the opportunity `number` of `lead`. Pages
// run in (lead, number) order, which no change of an opportunity moves, so paging never skips or
// repeats one.
struct OpportunityCursor {
    LeadId lead = 0;
    std::int64_t number = 0;

    friend bool operator==(const OpportunityCursor& a, const OpportunityCursor& b) {
        return a.lead == b.lead && a.number == b.number;
    }
};

struct OpportunityPageRequest {
    std::size_t limit = 100;  // 1 .. kMaxPageSize
    std::optional<OpportunityCursor> after;  // the previous page's next_cursor; none: from the start
};

struct OpportunityPage {
    std::vector<Opportunity> opportunities;  // by lead, then number
    std::optional<OpportunityCursor> next_cursor;  // set when more may follow
};

// Qualifying a lead of a sub pool into an opportunity.
struct OpportunityRequest {
    LeadId lead = 0;
    std::string product_type;  // must be bound to a workflow
    std::int64_t amount = 0;   // >= 0
    MainOwner owner;           // a user (then also the lead's owner) or a team; empty: the actor
};

}  // namespace leadpool
