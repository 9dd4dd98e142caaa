// leadpool — opportunity workflows (docs/design.md 3).
//
// A workflow is an ordered list of steps, defined once and bound to product types. Qualifying a
// lead with a product type opens an opportunity that follows that type's workflow: it has an
// amount, a main owner (a person or a team) and collaborators who join at given steps. Step
// moves, wins (with the order's amount and time), losses (with a reason) and reactivations are
// rows of the lead's history.
#pragma once

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

// Qualifying a lead of a sub pool into an opportunity.
struct OpportunityRequest {
    LeadId lead = 0;
    std::string product_type;  // must be bound to a workflow
    std::int64_t amount = 0;   // >= 0
    MainOwner owner;           // a user (then also the lead's owner) or a team; empty: the actor
};

}  // namespace leadpool
