// Opportunity workflows: definitions kept as data, opportunities opened by qualifying a lead,
// their step moves and collaborators, and their fate as the lead moves on.
#pragma once

#include <vector>

#include "leadpool/transition.hpp"
#include "leadpool/workflow.hpp"
#include "operation.hpp"

namespace leadpool::detail {

std::vector<Workflow> workflows(StoreReader& store);
// Defines a workflow once (conflict when its name or one of its product types is taken).
Workflow define_workflow(const Operation& op, const Workflow& workflow);
// Replaces the definition of the workflow of the same name, which must be in use; every step an
// open opportunity is at must stay (conflict, naming the leads). Opportunities keep their step;
// collaborators a changed step names join when an opportunity next reaches it.
Workflow update_workflow(const Operation& op, const Workflow& workflow);
// Retires a workflow: it opens no more opportunities and its product types are free to bind to
// another; its open opportunities run to their end. Kept, with its definition, in the list.
Workflow retire_workflow(const Operation& op, const std::string& name);

// Qualifies the lead (the `qualify` transition) and opens its opportunity.
Opportunity open_opportunity(const Operation& op, const OpportunityRequest& request);
Opportunity advance_opportunity(const Operation& op, LeadId lead, const std::string& step);
Opportunity add_collaborator(const Operation& op, LeadId lead, const UserId& user);
// Wins the lead (the `win` transition); the order's amount is `order_amount`, else the opportunity's.
Opportunity win_opportunity(const Operation& op, LeadId lead, std::optional<std::int64_t> order_amount);

// The opportunities of the lead `id` names and of every lead merged into it, by opening time.
// advance, collaborate and win act on the one that moves with the lead: its own open one, else
// the newest open one of a lead merged into it.
std::vector<Opportunity> opportunities(const Reading& reading, LeadId id);
// The opportunities of `root` and of every lead merged into it, by opening time.
std::vector<Opportunity> group_opportunities(StoreReader& store, LeadId root);

// Whether `user` collaborates on an open or won opportunity of the lead `root` (or of a lead
// merged into it): that gives them read on the lead, whatever their scope (operation.hpp).
bool collaborates_on(StoreReader& store, LeadId root, const UserId& user);

// Keeps a lead's opportunity in step with a transition just written: won, lost (also when the
// lead is made invalid) or reactivated.
void follow_transition(StoreWriter& store, const Lead& before, const Lead& after,
                       const TransitionRequest& request, Timestamp now);
// Closes the lead's open opportunity, if it has one, as released: its lead was let go (claims.hpp).
void close_released(StoreWriter& store, LeadId lead, Timestamp now);

}  // namespace leadpool::detail
