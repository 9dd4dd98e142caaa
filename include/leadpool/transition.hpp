// leadpool — transitions: the legal moves of the pyramid (docs/design.md, section 2).
//
// A lead moves between tiers only by one of the moves in kLegalMoves; every move is one history
// row with actor, time, from, to and reason. Anything else is Error(illegal_transition), and a
// request malformed for its move (a missing target pool or reason, an owner the move does not
// take) is Error(invalid_argument); either way nothing changes. The table is data a host can
// print: for each transition action, the tiers it starts from, where the lead lands, what
// happens to its pool and owner, and whether a reason is required.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "leadpool/lead.hpp"
#include "leadpool/policy.hpp"
#include "leadpool/tier.hpp"

namespace leadpool {

// Where a move puts the lead's pool.
enum class PoolRule : std::uint8_t {
    keep = 0,           // the lead stays in its pool; to_pool refused
    master = 1,         // back to the master pool; to_pool refused
    sub_required = 2,   // to_pool must name a sub pool
    sub_or_keep = 3,    // to_pool names a sub pool; default: the current one
    sub_or_master = 4,  // to_pool names a sub pool (tier sub); empty or master: the master pool
};

// What a move does with the lead's owner.
enum class OwnerRule : std::uint8_t {
    keep = 0,             // unchanged; to_owner refused
    clear = 1,            // nobody; to_owner refused
    settable = 2,         // to_owner, or nobody
    settable_keep = 3,    // to_owner, or the current owner when the pool stays, else nobody
    settable_holder = 4,  // to_owner, else the current owner, else the actor
};

// Stable names: "keep", "master", "sub_required", ... / "keep", "clear", "settable", ...
const char* to_string(PoolRule rule) noexcept;
const char* to_string(OwnerRule rule) noexcept;

struct LegalMove {
    Action action;
    TierMask from;  // the tiers the move starts from
    Tier to;        // where it lands (sub_or_master lands in master when no sub pool is named)
    PoolRule pool;
    OwnerRule owner;
    bool reason_required;
};

// The pyramid's moves: capture -> master is Engine::capture, not a transition.
inline constexpr std::array<LegalMove, 9> kLegalMoves = {{
    {Action::distribute, tier_mask({Tier::master}), Tier::sub, PoolRule::sub_required,
     OwnerRule::settable, false},
    {Action::transfer, tier_mask({Tier::sub}), Tier::sub, PoolRule::sub_or_keep, OwnerRule::settable_keep,
     false},
    {Action::return_to_master, tier_mask({Tier::sub}), Tier::master, PoolRule::master, OwnerRule::clear,
     false},
    {Action::qualify, tier_mask({Tier::sub}), Tier::opportunity, PoolRule::keep,
     OwnerRule::settable_holder, false},
    {Action::win, tier_mask({Tier::opportunity}), Tier::order, PoolRule::keep, OwnerRule::keep, false},
    {Action::lose, tier_mask({Tier::opportunity}), Tier::lost, PoolRule::keep, OwnerRule::keep, true},
    {Action::reactivate, tier_mask({Tier::lost}), Tier::sub, PoolRule::sub_or_master, OwnerRule::settable,
     false},
    {Action::invalidate, static_cast<TierMask>(kAllTiers & ~tier_bit(Tier::invalid)), Tier::invalid,
     PoolRule::keep, OwnerRule::keep, true},
    {Action::restore, tier_mask({Tier::invalid}), Tier::master, PoolRule::master, OwnerRule::clear, false},
}};

// The move of a transition action; nullptr for an action that is not a transition.
constexpr const LegalMove* legal_move(Action action) {
    for (const LegalMove& move : kLegalMoves) {
        if (move.action == action) return &move;
    }
    return nullptr;
}

// One move of one lead in the pyramid. Which fields matter depends on the action:
//   distribute        master -> sub          to_pool (a sub pool) required; to_owner optional
//   transfer          sub -> sub             to_pool and/or to_owner: at least one must change
//   return_to_master  sub -> master          owner cleared
//   qualify           sub -> opportunity     to_owner optional (default: current owner, else actor)
//   win               opportunity -> order
//   lose              opportunity -> lost    reason required
//   reactivate        lost -> sub / master   to_pool: a sub pool, or empty / master
//   invalidate        any but invalid -> invalid   reason required
//   restore           invalid -> master      owner cleared
// A new owner must be an active user who is a member or manager of the lead's (new) pool, with
// room under their cap there (PoolSettings::max_held or capacity): a move that hands them one
// more sub-tier lead at the cap is Error(limit_exceeded), unless a manager of the lead and the
// pool (their grant reaches both through managed_pools or all) passes it with
// `over_cap_reason`, which the history row's detail records.
struct TransitionRequest {
    LeadId lead = 0;
    Action action = Action::distribute;
    std::optional<PoolId> to_pool;
    std::optional<UserId> to_owner;
    std::string reason;
    std::int64_t expected_version = 0;  // 0: do not check; else conflict when the lead moved on
    std::string over_cap_reason;        // a manager's why for passing the new owner's cap

    // One named constructor per move, with the fields that move takes.
    static TransitionRequest distribute(LeadId lead, PoolId to_pool, std::optional<UserId> to_owner = {}) {
        return {lead, Action::distribute, to_pool, std::move(to_owner), {}, 0, {}};
    }
    static TransitionRequest transfer(LeadId lead, std::optional<PoolId> to_pool,
                                      std::optional<UserId> to_owner = {}) {
        return {lead, Action::transfer, to_pool, std::move(to_owner), {}, 0, {}};
    }
    static TransitionRequest return_to_master(LeadId lead, std::string reason = {}) {
        return {lead, Action::return_to_master, {}, {}, std::move(reason), 0, {}};
    }
    static TransitionRequest qualify(LeadId lead, std::optional<UserId> to_owner = {}) {
        return {lead, Action::qualify, {}, std::move(to_owner), {}, 0, {}};
    }
    static TransitionRequest win(LeadId lead) { return {lead, Action::win, {}, {}, {}, 0, {}}; }
    static TransitionRequest lose(LeadId lead, std::string reason) {
        return {lead, Action::lose, {}, {}, std::move(reason), 0, {}};
    }
    static TransitionRequest reactivate(LeadId lead, std::optional<PoolId> to_pool = {},
                                        std::optional<UserId> to_owner = {}) {
        return {lead, Action::reactivate, to_pool, std::move(to_owner), {}, 0, {}};
    }
    static TransitionRequest invalidate(LeadId lead, std::string reason) {
        return {lead, Action::invalidate, {}, {}, std::move(reason), 0, {}};
    }
    static TransitionRequest restore(LeadId lead) { return {lead, Action::restore, {}, {}, {}, 0, {}}; }
};

}  // namespace leadpool
