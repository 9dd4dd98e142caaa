#include "transition_rules.hpp"

#include <array>
#include <string>

#include "text.hpp"

namespace leadpool::detail {
namespace {

enum class PoolRule {
    keep,           // the lead stays in its pool
    master,         // back to the master pool
    sub_required,   // to_pool must name a sub pool
    sub_or_keep,    // to_pool names a sub pool; default: the current one
    sub_or_master,  // to_pool names a sub pool; empty or master: the master pool
};

enum class OwnerRule {
    keep,             // unchanged; to_owner refused
    clear,            // nobody; to_owner refused
    settable,         // to_owner, or nobody
    settable_keep,    // to_owner, or the current owner when the pool stays, else nobody
    settable_holder,  // to_owner, else the current owner, else the actor
};

struct Rule {
    Action action;
    TierMask from;
    Tier to;
    PoolRule pool;
    OwnerRule owner;
    bool reason_required;
};

constexpr TierMask bits(std::initializer_list<Tier> tiers) {
    TierMask mask = 0;
    for (Tier t : tiers) mask = static_cast<TierMask>(mask | tier_bit(t));
    return mask;
}

constexpr std::array<Rule, 9> kRules = {{
    {Action::distribute, bits({Tier::master}), Tier::sub, PoolRule::sub_required, OwnerRule::settable, false},
    {Action::transfer, bits({Tier::sub}), Tier::sub, PoolRule::sub_or_keep, OwnerRule::settable_keep, false},
    {Action::return_to_master, bits({Tier::sub}), Tier::master, PoolRule::master, OwnerRule::clear, false},
    {Action::qualify, bits({Tier::sub}), Tier::opportunity, PoolRule::keep, OwnerRule::settable_holder,
     false},
    {Action::win, bits({Tier::opportunity}), Tier::order, PoolRule::keep, OwnerRule::keep, false},
    {Action::lose, bits({Tier::opportunity}), Tier::lost, PoolRule::keep, OwnerRule::keep, true},
    {Action::reactivate, bits({Tier::lost}), Tier::sub, PoolRule::sub_or_master, OwnerRule::settable, false},
    {Action::invalidate, static_cast<TierMask>(kAllTiers & ~tier_bit(Tier::invalid)), Tier::invalid,
     PoolRule::keep, OwnerRule::keep, true},
    {Action::restore, bits({Tier::invalid}), Tier::master, PoolRule::master, OwnerRule::clear, false},
}};

const Rule* find_rule(Action action) {
    for (const auto& rule : kRules) {
        if (rule.action == action) return &rule;
    }
    return nullptr;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

[[noreturn]] void malformed(Action action, const std::string& what) {
    throw Error(ErrorCode::invalid_argument, std::string(to_string(action)) + ": " + what);
}

}  // namespace

Move plan_move(const Lead& lead, const TransitionRequest& request, const UserId& actor) {
    const Rule* rule = find_rule(request.action);
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

}  // namespace leadpool::detail
