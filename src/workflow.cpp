#include "workflow_rules.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "config.hpp"
#include "lead_data.hpp"
#include "lead_group.hpp"
#include "leadpool/json.hpp"
#include "leadpool/limits.hpp"
#include "organisation.hpp"
#include "text.hpp"
#include "transition.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& what) { throw Error(ErrorCode::invalid_argument, what); }

const Workflow* workflow_named(const std::vector<Workflow>& all, const std::string& name) {
    auto found = std::find_if(all.begin(), all.end(), [&](const Workflow& w) { return w.name == name; });
    return found == all.end() ? nullptr : &*found;
}

const Workflow& workflow_for(const std::vector<Workflow>& all, const std::string& product_type) {
    for (const Workflow& workflow : all) {
        if (workflow.retired) continue;  // its open opportunities run on; no new ones
        const auto& types = workflow.product_types;
        if (std::find(types.begin(), types.end(), product_type) != types.end()) return workflow;
    }
    not_found("no workflow is bound to product type '" + product_type + "'");
}

}  // namespace

std::vector<Opportunity> group_opportunities(StoreReader& store, LeadId root) {
    std::vector<Opportunity> all;
    for (LeadId id : group_of(store, root)) {
        auto own = store.opportunities(id);
        all.insert(all.end(), std::make_move_iterator(own.begin()), std::make_move_iterator(own.end()));
    }
    std::stable_sort(all.begin(), all.end(), [](const Opportunity& a, const Opportunity& b) {
        return std::tie(a.opened_at, a.lead, a.number) < std::tie(b.opened_at, b.lead, b.number);
    });
    return all;
}

namespace {

// The opportunity that moves with the lead `root`: its own latest while open, else the newest
// open one of a lead merged into it. The others stay as they are, for an unmerge to hand back.
std::optional<Opportunity> current_open(StoreReader& store, LeadId root) {
    auto own = store.opportunities(root);
    if (!own.empty() && own.back().status == OpportunityStatus::open) return own.back();
    std::optional<Opportunity> newest;
    for (Opportunity& o : group_opportunities(store, root)) {
        if (o.status == OpportunityStatus::open) newest = std::move(o);
    }
    return newest;
}

// current_open, or Error(not_found) naming the id the caller gave.
Opportunity open_one(StoreReader& store, const Lead& lead, LeadId asked) {
    auto open = current_open(store, lead.id);
    if (!open) not_found("lead " + std::to_string(asked) + " has no open opportunity");
    return *open;
}

// The opportunity `number` of `lead`, as stored now.
Opportunity opportunity_numbered(StoreReader& store, LeadId lead, std::int64_t number) {
    for (Opportunity& o : store.opportunities(lead)) {
        if (o.number == number) return std::move(o);
    }
    throw Error(ErrorCode::storage,
                "lead " + std::to_string(lead) + " lost opportunity " + std::to_string(number));
}

// The lead of an open opportunity, checked for `action` and at tier opportunity.
Lead opportunity_lead(const Operation& op, LeadId id, Action action) {
    const Lead lead = lead_for(op.access, op.store, id, action);
    op.access.require(action, lead);
    if (lead.tier != Tier::opportunity) {
        throw Error(ErrorCode::illegal_transition, std::string(to_string(action)) + ": lead " +
                                                       std::to_string(id) + " is at tier '" +
                                                       to_string(lead.tier) + "', not opportunity");
    }
    return lead;
}

// Adds the users who join at `step`; the ones who joined.
std::vector<UserId> join(Opportunity& opportunity, const std::vector<UserId>& users, const std::string& step,
                         Timestamp now) {
    std::vector<UserId> joined;
    for (const UserId& user : users) {
        const auto& c = opportunity.collaborators;
        if (std::any_of(c.begin(), c.end(), [&](const Collaborator& x) { return x.user == user; })) continue;
        opportunity.collaborators.push_back({user, step, now});
        joined.push_back(user);
    }
    return joined;
}

const WorkflowStep& step_named(const Workflow& workflow, const std::string& name) {
    auto found = std::find_if(workflow.steps.begin(), workflow.steps.end(),
                              [&](const WorkflowStep& s) { return s.name == name; });
    if (found == workflow.steps.end()) {
        bad("workflow '" + workflow.name + "' has no step '" + name + "'");
    }
    return *found;
}

// Records a change of the opportunity as a history row of its lead (whose version goes up).
void save(const Operation& op, const Lead& lead, const Opportunity& opportunity, Action action, json detail) {
    Lead after = lead;
    after.updated_at = after.last_activity_at = op.now;
    ++after.version;
    detail["opportunity"] = opportunity.number;
    op.store.put_opportunity(opportunity);
    op.save(lead, after, action, "", detail.dump());
}

}  // namespace

std::vector<Workflow> workflows(StoreReader& store) { return config::workflows(store); }

namespace {

// `workflow` checked as a definition beside the others in `all` (leaving out the one it replaces):
// a name, at least one step, unique step names, known collaborators, product types bound to no
// other workflow still in use. Repeated product types are kept once.
Workflow checked_definition(const Operation& op, const Workflow& workflow, const std::vector<Workflow>& all) {
    const std::string name = checked_name(workflow.name, "workflow name");
    if (workflow.retired) bad("workflow '" + name + "': retire a workflow with retire_workflow");
    if (workflow.steps.empty()) bad("workflow '" + name + "': needs at least one step");
    Workflow checked{name, {}, {}};
    std::set<std::string> names;
    for (const WorkflowStep& step : workflow.steps) {
        WorkflowStep s{checked_name(step.name, "workflow step name"), {}};
        if (!names.insert(s.name).second) bad("workflow '" + name + "': step '" + s.name + "' appears twice");
        for (const UserId& user : step.collaborators) {
            if (!op.store.user(user)) not_found("workflow '" + name + "': no user '" + user + "'");
            s.collaborators.push_back(user);
        }
        checked.steps.push_back(std::move(s));
    }
    for (const std::string& type : workflow.product_types) {
        const std::string product = checked_name(type, "product type");
        for (const Workflow& other : all) {
            const auto& types = other.product_types;
            if (other.name != name && !other.retired &&
                std::find(types.begin(), types.end(), product) != types.end()) {
                throw Error(ErrorCode::conflict, "product type '" + product + "' is bound to workflow '" +
                                                     other.name + "' already");
            }
        }
        if (std::find(checked.product_types.begin(), checked.product_types.end(), product) ==
            checked.product_types.end()) {
            checked.product_types.push_back(product);
        }
    }
    return checked;
}

// The workflow named `name`, in use (not retired); Error(not_found) or Error(conflict).
Workflow& live_workflow(std::vector<Workflow>& all, const std::string& name, const char* what) {
    auto found = std::find_if(all.begin(), all.end(), [&](const Workflow& w) { return w.name == name; });
    if (found == all.end()) not_found(std::string(what) + ": no workflow '" + name + "'");
    if (found->retired)
        throw Error(ErrorCode::conflict, std::string(what) + ": workflow '" + name + "' is retired");
    return *found;
}

// The leads with an open opportunity of workflow `name` at each of its steps. Open opportunities
// move with leads at tier opportunity (an absorbed lead's open one is handed back by an unmerge
// to a lead at that tier), so those leads are all there is to look at.
std::map<std::string, std::vector<LeadId>> open_at_steps(StoreReader& store, const std::string& name) {
    std::map<std::string, std::vector<LeadId>> at;
    LeadSelection selection;
    selection.tiers = tier_bit(Tier::opportunity);
    selection.visible_if = {VisibilityClause{}};
    for (LeadId after = 0;;) {
        const auto page = store.leads(selection, after, kMaxBatchSize);
        for (const Lead& lead : page) {
            for (const Opportunity& o : group_opportunities(store, lead.id)) {
                if (o.status == OpportunityStatus::open && o.workflow == name) at[o.step].push_back(o.lead);
            }
        }
        if (page.size() < kMaxBatchSize) return at;
        after = page.back().id;
    }
}

}  // namespace

Workflow define_workflow(const Operation& op, const Workflow& workflow) {
    std::vector<Workflow> all = workflows(op.store);
    Workflow checked = checked_definition(op, workflow, all);
    if (workflow_named(all, checked.name))
        throw Error(ErrorCode::conflict, "workflow '" + checked.name + "' is defined already");
    all.push_back(checked);
    config::set_workflows(op.store, all);
    record_org_event(op, OrgEventKind::workflow_defined, nlohmann::json::parse(to_json(checked)));
    return checked;
}

Workflow update_workflow(const Operation& op, const Workflow& workflow) {
    std::vector<Workflow> all = workflows(op.store);
    Workflow& stored = live_workflow(all, checked_name(workflow.name, "workflow name"), "update workflow");
    Workflow checked = checked_definition(op, workflow, all);
    for (const auto& at_step : open_at_steps(op.store, checked.name)) {
        const std::string& step = at_step.first;
        const std::vector<LeadId>& leads = at_step.second;
        const auto& steps = checked.steps;
        if (std::none_of(steps.begin(), steps.end(), [&](const WorkflowStep& s) { return s.name == step; })) {
            std::string names;
            for (LeadId lead : leads) names += (names.empty() ? "" : ", ") + std::to_string(lead);
            throw Error(ErrorCode::conflict, "update workflow '" + checked.name + "': step '" + step +
                                                 "' has " + std::to_string(leads.size()) +
                                                 " open opportunities (leads " + names + "); keep it");
        }
    }
    const json before = json::parse(to_json(stored));
    stored = checked;
    config::set_workflows(op.store, all);
    record_org_event(op, OrgEventKind::workflow_updated,
                     {{"from", before}, {"to", json::parse(to_json(checked))}});
    return checked;
}

Workflow retire_workflow(const Operation& op, const std::string& name) {
    std::vector<Workflow> all = workflows(op.store);
    Workflow& stored = live_workflow(all, name, "retire workflow");
    stored.retired = true;
    const Workflow retired = stored;
    config::set_workflows(op.store, all);
    record_org_event(op, OrgEventKind::workflow_retired, {{"name", retired.name}});
    return retired;
}

Opportunity open_opportunity(const Operation& op, const OpportunityRequest& request) {
    const std::string product = checked_name(request.product_type, "product type");
    if (request.amount < 0) bad("opportunity: amount must not be negative");
    const bool person = !request.owner.user.empty();
    if (person && request.owner.team) bad("opportunity: the main owner is a person or a team, not both");
    if (request.owner.team) {
        const Pool team = existing_pool(op.store, *request.owner.team);
        if (team.id == kMasterPoolId) bad("opportunity: a team is a sub pool, not the master pool");
    }
    const Workflow workflow = workflow_for(workflows(op.store), product);
    const Lead lead =
        transition(op, TransitionRequest::qualify(
                           request.lead, person ? std::optional<UserId>(request.owner.user) : std::nullopt));

    Opportunity opportunity;
    opportunity.lead = lead.id;
    const auto previous = op.store.opportunities(lead.id);
    opportunity.number = previous.empty() ? 1 : previous.back().number + 1;
    opportunity.product_type = product;
    opportunity.workflow = workflow.name;
    opportunity.step = workflow.steps.front().name;
    opportunity.amount = request.amount;
    opportunity.owner = request.owner;
    if (!person && !request.owner.team) opportunity.owner.user = lead.owner;
    opportunity.opened_at = op.now;
    join(opportunity, workflow.steps.front().collaborators, opportunity.step, op.now);
    op.store.put_opportunity(opportunity);
    return opportunity;
}

Opportunity advance_opportunity(const Operation& op, LeadId id, const std::string& step) {
    const Lead lead = opportunity_lead(op, id, Action::advance);
    Opportunity opportunity = open_one(op.store, lead, id);
    const auto all = workflows(op.store);
    const Workflow* workflow = workflow_named(all, opportunity.workflow);
    if (!workflow) throw Error(ErrorCode::storage, "workflow '" + opportunity.workflow + "' is missing");
    const WorkflowStep& to = step_named(*workflow, step);
    if (to.name == opportunity.step) bad("advance: the opportunity is at step '" + step + "' already");
    const std::string from = opportunity.step;
    opportunity.step = to.name;
    const auto joined = join(opportunity, to.collaborators, to.name, op.now);
    save(op, lead, opportunity, Action::advance,
         {{"from_step", from}, {"to_step", to.name}, {"joined", joined}});
    return opportunity;
}

Opportunity add_collaborator(const Operation& op, LeadId id, const UserId& user) {
    const Lead lead = opportunity_lead(op, id, Action::collaborate);
    Opportunity opportunity = open_one(op.store, lead, id);
    const auto found = op.store.user(user);
    if (!found) not_found("no user '" + user + "'");
    if (!found->active) bad("collaborate: user '" + user + "' is inactive");
    if (join(opportunity, {user}, opportunity.step, op.now).empty()) {
        throw Error(ErrorCode::conflict,
                    "collaborate: '" + user + "' collaborates on lead " + std::to_string(id) + " already");
    }
    save(op, lead, opportunity, Action::collaborate, {{"user", user}, {"step", opportunity.step}});
    return opportunity;
}

Opportunity win_opportunity(const Operation& op, LeadId id, std::optional<std::int64_t> order_amount) {
    if (order_amount && *order_amount < 0) bad("win: the order amount must not be negative");
    const Lead lead = lead_for(op.access, op.store, id, Action::win);  // the actor's to ask about?
    const Opportunity open = open_one(op.store, lead, id);
    transition(op, TransitionRequest::win(lead.id));
    Opportunity won = opportunity_numbered(op.store, open.lead, open.number);
    if (order_amount) {
        won.order_amount = *order_amount;
        op.store.put_opportunity(won);
    }
    return won;
}

bool collaborates_on(StoreReader& store, LeadId root, const UserId& user) {
    for (const Opportunity& o : group_opportunities(store, root)) {
        if (o.status != OpportunityStatus::open && o.status != OpportunityStatus::won) continue;
        for (const Collaborator& c : o.collaborators) {
            if (c.user == user) return true;
        }
    }
    return false;
}

std::vector<Opportunity> opportunities(const Reading& reading, LeadId id) {
    const Lead lead = lead_for(reading.access, reading.store, id, Action::read);
    return group_opportunities(reading.store, lead.id);
}

void follow_transition(StoreWriter& store, const Lead& before, const Lead& after,
                       const TransitionRequest& request, Timestamp now) {
    if (before.tier == Tier::opportunity) {
        auto open = current_open(store, after.id);
        if (!open) return;
        if (after.tier == Tier::order) {
            open->status = OpportunityStatus::won;
            open->order_amount = open->amount;
        } else {
            open->status = OpportunityStatus::lost;
            open->lost_reason = request.reason;
        }
        open->closed_at = now;
        store.put_opportunity(*open);
    } else if (request.action == Action::reactivate) {
        // The opportunity whose loss the lead is coming back from: the group's last one closed.
        std::optional<Opportunity> last_closed;
        for (Opportunity& o : group_opportunities(store, after.id)) {
            if (o.status != OpportunityStatus::open &&
                (!last_closed || o.closed_at >= last_closed->closed_at))
                last_closed = std::move(o);
        }
        if (!last_closed || last_closed->status != OpportunityStatus::lost) return;
        last_closed->status = OpportunityStatus::reactivated;
        store.put_opportunity(*last_closed);
    }
}

void close_released(StoreWriter& store, LeadId lead, Timestamp now) {
    auto open = current_open(store, lead);
    if (!open) return;
    open->status = OpportunityStatus::released;
    open->closed_at = now;
    store.put_opportunity(*open);
}

}  // namespace leadpool::detail
