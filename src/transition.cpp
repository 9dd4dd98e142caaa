#include "transition.hpp"

#include <string>

#include "batch.hpp"
#include "caps.hpp"
#include "history_rows.hpp"
#include "text.hpp"
#include "workflow_rules.hpp"

namespace leadpool::detail {
namespace {

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

[[noreturn]] void malformed(Action action, const std::string& what) {
    throw Error(ErrorCode::invalid_argument, std::string(to_string(action)) + ": " + what);
}

}  // namespace

Move plan_move(const Lead& lead, const TransitionRequest& request, const UserId& actor) {
    const LegalMove* rule = legal_move(request.action);
    if (rule == nullptr) {
        throw Error(ErrorCode::invalid_argument,
                    std::string("'") + to_string(request.action) + "' is not a transition");
    }
    if ((rule->from & tier_bit(lead.tier)) == 0) {
        throw Error(ErrorCode::illegal_transition, std::string(to_string(request.action)) +
                                                       " is not allowed from tier '" + to_string(lead.tier) +
                                                       "' (lead " + std::to_string(lead.id) + ")");
    }
    check_text(request.reason, "reason");
    if (rule->reason_required && blank(request.reason)) malformed(request.action, "a reason is required");

    Move move;
    move.to_tier = rule->to;
    switch (rule->pool) {
        case PoolRule::keep:
        case PoolRule::master:
            if (request.to_pool) malformed(request.action, "takes no target pool");
            move.to_pool = rule->pool == PoolRule::keep ? lead.pool : kMasterPoolId;
            break;
        case PoolRule::sub_required:
            if (!request.to_pool) malformed(request.action, "a target sub pool is required");
            [[fallthrough]];
        case PoolRule::sub_or_keep:
            move.to_pool = request.to_pool.value_or(lead.pool);
            move.chosen_pool = true;
            break;
        case PoolRule::sub_or_master:
            if (!request.to_pool || *request.to_pool == kMasterPoolId) {
                move.to_tier = Tier::master;
                move.to_pool = kMasterPoolId;
            } else {
                move.to_pool = *request.to_pool;
                move.chosen_pool = true;
            }
            break;
    }
    if (move.chosen_pool && move.to_pool == kMasterPoolId) {
        malformed(request.action, "the target must be a sub pool, not the master pool");
    }

    const bool owner_refused =
        rule->owner == OwnerRule::keep || rule->owner == OwnerRule::clear || move.to_tier == Tier::master;
    if (request.to_owner && owner_refused) malformed(request.action, "takes no owner");
    if (request.to_owner && blank(*request.to_owner)) malformed(request.action, "the owner is empty");
    switch (rule->owner) {
        case OwnerRule::keep: move.to_owner = lead.owner; break;
        case OwnerRule::clear: break;
        case OwnerRule::settable: move.to_owner = request.to_owner.value_or(""); break;
        case OwnerRule::settable_keep:
            move.to_owner = request.to_owner.value_or(move.to_pool == lead.pool ? lead.owner : "");
            break;
        case OwnerRule::settable_holder:
            move.to_owner = request.to_owner.value_or(lead.owner.empty() ? actor : lead.owner);
            break;
    }
    if (request.action == Action::transfer && move.to_pool == lead.pool && move.to_owner == lead.owner) {
        malformed(request.action, "changes neither pool nor owner");
    }
    return move;
}

Lead moved(const Lead& lead, const Move& move, Timestamp now) {
    Lead after = lead;
    after.tier = move.to_tier;
    after.pool = move.to_pool;
    after.owner = move.to_owner;
    after.reached = static_cast<TierMask>(after.reached | tier_bit(move.to_tier));
    after.updated_at = after.last_activity_at = now;
    ++after.version;
    return after;
}

void check_version(const Lead& lead, std::int64_t expected) {
    if (expected != 0 && expected != lead.version) {
        throw Error(ErrorCode::conflict, "lead " + std::to_string(lead.id) + " is at version " +
                                             std::to_string(lead.version) + ", not " + std::to_string(expected));
    }
}

Lead transition(const Operation& op, const TransitionRequest& request) {
    // The actor's right to the lead before its version or tier is looked at: a refusal says no
    // more than they may read (docs/design.md 5.4).
    const Lead before = lead_for(op.access, op.store, request.lead, request.action);
    check_version(before, request.expected_version);
    const Move move = plan_move(before, request, op.actor());
    const Pool landing = existing_pool(op.store, move.to_pool);
    if (move.chosen_pool) {
        op.access.require(request.action, before, landing.id);
    } else {
        op.access.require(request.action, before);
    }
    if (request.to_owner) {
        auto owner = op.store.user(*request.to_owner);
        if (!owner) not_found("no user '" + *request.to_owner + "'");
        if (!owner->active || !belongs_to(landing, owner->id)) {
            throw Error(ErrorCode::invalid_argument, "owner '" + owner->id +
                                                         "' must be an active member or manager of pool '" +
                                                         landing.name + "'");
        }
    }
    const Lead after = moved(before, move, op.now);
    op.save(before, after, request.action, request.reason,
            checked_cap(op, request.action, before, after, request.over_cap_reason));
    follow_transition(op.store, before, after, request, op.now);
    return after;
}

std::vector<Lead> transition_batch(const Operation& op, const std::vector<TransitionRequest>& requests) {
    check_batch_size(requests.size(), "transition");
    BatchLookups lookups;
    for (const TransitionRequest& request : requests) lookups.leads.push_back(request.lead);
    op.store.prefetch(lookups);
    return each_item(requests, "transition",
                     [&](const TransitionRequest& request) { return transition(op, request); });
}

bool can(const Reading& reading, Action action, LeadId id) {
    if (is_org_action(action)) return reading.access.allows(action);
    // An id that names no lead answers as a lead outside the actor's scope does: no, and nothing
    // more (docs/design.md 5.4).
    if (!reading.store.lead(id)) return false;
    const Lead lead = existing_lead(reading.store, id);
    return action == Action::capture ? reading.access.allows_capture_onto(lead) : reading.access.allows(action, lead);
}

}  // namespace leadpool::detail
