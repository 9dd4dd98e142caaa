// Assignment: who gets the next lead of a sub pool. Deterministic: members are taken in user id
// order, loads come from the store, and the round-robin position is kept in the store.
#include "assignment.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "claims.hpp"
#include "config.hpp"
#include "leadpool/limits.hpp"
#include "pool_settings_store.hpp"

namespace leadpool::detail {
namespace {


struct Member {
    UserId id;
    std::int64_t load = 0;                 // leads held in the pool at tier sub
    std::optional<std::int64_t> capacity;  // none: no limit
    std::int64_t weight = 1;               // `weighted`: the capacity, or 1 without one

    bool has_room() const { return !capacity || load < *capacity; }
};

// The pool's members who may receive leads: active, with capacity left; by user id.
std::vector<Member> eligible_members(StoreReader& store, const Pool& pool, const PoolSettings& settings) {
    std::vector<Member> members;
    for (const UserId& id : pool.members) {
        const auto user = store.user(id);
        if (!user || !user->active) continue;
        Member member{id, held_in(store, pool.id, id), capacity_of(settings, id), 1};
        if (member.capacity) member.weight = std::max<std::int64_t>(*member.capacity, 1);
        if (member.has_room()) members.push_back(std::move(member));
    }
    return members;
}

// Picks members one lead at a time by a strategy.
class Picker {
public:
    Picker(std::vector<Member> members, AssignStrategy strategy, const std::optional<std::string>& cursor)
        : members_(std::move(members)), strategy_(strategy) {
        if (cursor) {
            next_ = static_cast<std::size_t>(
                std::upper_bound(members_.begin(), members_.end(), *cursor,
                                 [](const UserId& id, const Member& m) { return id < m.id; }) -
                members_.begin());
        }
        for (std::size_t i = 0; i < members_.size(); ++i) queue_.insert(i);
    }

    // The member who gets the next lead, leaving out `cooling` (members the lead was taken from
    // within the pool's cool-down); none when nobody else has room left.
    std::optional<UserId> pick(const std::map<UserId, Timestamp>& cooling, Timestamp now) {
        const auto may_have = [&](const Member& m) {
            const auto end = cooling.find(m.id);
            return end == cooling.end() || now >= end->second;
        };
        const auto chosen =
            strategy_ == AssignStrategy::round_robin ? next_in_turn(may_have) : least_in_queue(may_have);
        if (!chosen) return std::nullopt;
        Member& member = members_[*chosen];
        queue_.erase(*chosen);
        ++member.load;
        last_ = member.id;
        if (member.has_room()) queue_.insert(*chosen);
        return member.id;
    }

    // The member who got the last lead, for the next run's round-robin turn.
    const std::optional<UserId>& last() const { return last_; }

private:
    template <typename MayHave>
    std::optional<std::size_t> next_in_turn(const MayHave& may_have) {
        for (std::size_t tried = 0; tried < members_.size(); ++tried) {
            const std::size_t i = (next_ + tried) % members_.size();
            if (members_[i].has_room() && may_have(members_[i])) {
                next_ = i + 1;
                return i;
            }
        }
        return std::nullopt;
    }

    template <typename MayHave>
    std::optional<std::size_t> least_in_queue(const MayHave& may_have) const {
        for (std::size_t i : queue_) {
            if (may_have(members_[i])) return i;
        }
        return std::nullopt;
    }

    // Orders members by who gets a lead first: the lightest load (least_loaded) or the smallest
    // share of capacity after one more lead (weighted); ties by user id.
    struct Before {
        const Picker* picker;
        bool operator()(std::size_t a, std::size_t b) const {
            const Member& x = picker->members_[a];
            const Member& y = picker->members_[b];
            if (picker->strategy_ == AssignStrategy::weighted) {
                const auto lhs = (x.load + 1) * y.weight;
                const auto rhs = (y.load + 1) * x.weight;
                if (lhs != rhs) return lhs < rhs;
            } else if (x.load != y.load) {
                return x.load < y.load;
            }
            return a < b;
        }
    };

    std::vector<Member> members_;
    AssignStrategy strategy_;
    std::size_t next_ = 0;
    std::set<std::size_t, Before> queue_{Before{this}};
    std::optional<UserId> last_;
};

// A lead to assign: at tier sub in the pool being assigned, held by `owner` (empty: unowned).
struct Candidate {
    LeadId id = 0;
    UserId owner;
};

// The leads to assign, each checked: in the pool, at tier sub, unowned unless `reassign`.
std::vector<Candidate> named_leads(const Operation& op, const AssignRequest& request) {
    std::vector<Candidate> leads;
    for (LeadId id : request.leads) {
        Lead lead = lead_for(op.access, op.store, id, Action::assign);
        op.access.require(Action::assign, lead);
        const std::string which = "assign: lead " + std::to_string(id);
        if (lead.pool != request.pool || lead.tier != Tier::sub) {
            throw Error(ErrorCode::invalid_argument,
                        which + " is not a lead of pool " + std::to_string(request.pool) + " at tier sub");
        }
        if (!lead.owner.empty() && !request.reassign) {
            throw Error(ErrorCode::conflict, which + " is held by '" + lead.owner + "' (reassign not asked)");
        }
        leads.push_back({lead.id, std::move(lead.owner)});
    }
    return leads;
}

// The history row of handing `lead` to `owner`: it stays at tier sub in its pool.
HistoryEntry assignment_row(const Operation& op, PoolId pool, const Candidate& lead, const UserId& owner,
                            const std::string& detail) {
    HistoryEntry row;
    row.lead = lead.id;
    row.action = Action::assign;
    row.actor = op.actor();
    row.at = op.now;
    row.from_tier = row.to_tier = Tier::sub;
    row.from_pool = row.to_pool = pool;
    row.from_owner = lead.owner;
    row.to_owner = owner;
    row.detail = detail;
    return row;
}

// Orders the candidates by their points in `model`, highest first; equal points by id, leads
// without a score in the model last (stable: the candidates come by id).
void highest_scored_first(StoreReader& store, const std::string& model, std::vector<Candidate>& candidates) {
    std::map<LeadId, std::optional<std::int64_t>> points;
    for (const Candidate& lead : candidates) {
        std::optional<std::int64_t>& mine = points[lead.id];
        for (const LeadScore& score : store.lead_scores(lead.id)) {
            if (score.model == model) mine = score.points;
        }
    }
    std::stable_sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
        const auto& pa = points[a.id];
        const auto& pb = points[b.id];
        if (pa.has_value() != pb.has_value()) return pa.has_value();
        return pa && *pa > *pb;
    });
}

}  // namespace

AssignResult assign(const Operation& op, const AssignRequest& request) {
    const Pool pool = existing_pool(op.store, request.pool);
    if (pool.id == kMasterPoolId) {
        throw Error(ErrorCode::invalid_argument,
                    "assign: the master pool has no members; route or distribute");
    }
    if (request.leads.size() > kMaxBatchSize) {
        throw Error(ErrorCode::limit_exceeded, "assign: " + std::to_string(request.leads.size()) +
                                                   " leads: at most " + std::to_string(kMaxBatchSize));
    }
    if (!request.leads.empty() &&
        std::set<LeadId>(request.leads.begin(), request.leads.end()).size() != request.leads.size()) {
        throw Error(ErrorCode::invalid_argument, "assign: a lead is named twice");
    }
    // Every unowned lead of the pool stands where this probe stands: one check covers them all.
    Lead unowned;
    unowned.tier = Tier::sub;
    unowned.pool = pool.id;
    op.access.require(Action::assign, unowned);

    std::vector<Candidate> candidates = named_leads(op, request);
    if (request.leads.empty()) {
        LeadSelection selection;
        selection.tiers = tier_bit(Tier::sub);
        selection.pools = std::vector<PoolId>{pool.id};
        selection.owner = UserId();
        selection.visible_if = {VisibilityClause{}};
        const auto ids = op.store.lead_ids(selection, 0, std::numeric_limits<std::size_t>::max());
        candidates.reserve(ids.size());
        for (LeadId id : ids) candidates.push_back({id, UserId()});
    }

    const PoolSettings settings = pool_settings(op.store, pool.id);
    if (request.leads.empty() && !settings.assign_by_score.empty()) {
        highest_scored_first(op.store, settings.assign_by_score, candidates);
    }
    Picker picker(eligible_members(op.store, pool, settings), settings.strategy,
                  config::assignment_cursor(op.store, pool.id));
    AssignResult result;
    result.assigned.reserve(candidates.size());
    std::vector<HistoryEntry> rows;
    rows.reserve(candidates.size());
    const std::string detail = nlohmann::json{{"strategy", to_string(settings.strategy)}}.dump();
    const std::map<UserId, Timestamp> no_cooldown;
    for (const Candidate& lead : candidates) {
        // Only a pool with a cool-down reads each lead's history for it.
        const auto cooling = settings.claim_cooldown_ms > 0
                                 ? cooldown_ends(op.store, lead.id, settings.claim_cooldown_ms)
                                 : no_cooldown;
        const auto owner = picker.pick(cooling, op.now);
        if (!owner) {
            result.unassigned.push_back(lead.id);
            continue;
        }
        result.assigned.push_back({lead.id, *owner});
        rows.push_back(assignment_row(op, pool.id, lead, *owner, detail));
    }
    op.store.set_owners(result.assigned, op.now);
    for (const HistoryEntry& row : rows) op.store.append_history(row);
    if (picker.last()) config::set_assignment_cursor(op.store, pool.id, *picker.last());
    return result;
}

}  // namespace leadpool::detail
