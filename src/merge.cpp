#include "merge.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "context.hpp"
#include "erasure.hpp"
#include "history_rows.hpp"
#include "identity_text.hpp"
#include "lead_group.hpp"
#include "referral_links.hpp"
#include "leadpool/error.hpp"
#include "leadpool/limits.hpp"
#include "text.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;

// Further along the funnel ranks higher: order, opportunity, lost (it was an opportunity), sub,
// master, invalid.
int funnel_rank(Tier tier) {
    switch (tier) {
        case Tier::order: return 5;
        case Tier::opportunity: return 4;
        case Tier::lost: return 3;
        case Tier::sub: return 2;
        case Tier::master: return 1;
        case Tier::invalid: return 0;
    }
    return 0;
}

// A stored identity in the form the rules give it now: re-keying (rekey.hpp) may have rewritten
// it since a merge record kept it. As it was when the rules no longer accept it.
Identity current_form(const Identity& stored, const IdentityRules& rules) {
    try {
        return normalize_identity(stored, rules);
    } catch (const Error&) {
        return stored;
    }
}

std::string kind_name(const Identity& identity) {
    std::string name = to_string(identity.kind);
    return identity.scope.empty() ? name : name + " (" + identity.scope + ")";
}

// Whether a lead without a referrer may take `referred_by` (a lead merged into it had it): not
// when it names the lead itself or one it brought, which would close a cycle.
bool takes_referrer(StoreReader& store, const Lead& lead, LeadId referred_by) {
    if (referred_by == 0) return false;
    const Lead referrer = resolved_lead(store, referred_by);
    return referrer.id != lead.id && !brought_by(store, referrer, {lead.id});
}

// The lead the holder took its referrer from, by a merge or an unmerge (their history rows say
// so); 0 when its referrer is its own.
LeadId referrer_source(StoreReader& store, const Lead& holder) {
    LeadId source = 0;
    for (const HistoryEntry& row : store.history(holder.id)) {
        if (row.action != Action::merge && row.action != Action::unmerge) continue;
        const json detail = json::parse(row.detail, nullptr, false);
        if (detail.is_object() && detail.contains("referrer_from") &&
            detail.value("referred_by", LeadId{0}) == holder.referred_by)
            source = detail.value("referrer_from", LeadId{0});
    }
    return source;
}

// The holder's referrer once `leaving` leaves its group: a referrer it took from a leaving lead goes
// with that lead, and the holder takes the first one a staying lead offers, as a merge would have.
// Records what it took in `detail`.
LeadId referrer_after_unmerge(StoreReader& store, const Lead& holder, const std::vector<LeadId>& leaving,
                              const std::vector<LeadId>& staying, json& detail) {
    const LeadId source = referrer_source(store, holder);
    if (source == 0 || std::find(leaving.begin(), leaving.end(), source) == leaving.end())
        return holder.referred_by;
    for (LeadId member : staying) {
        if (member == holder.id) continue;
        const LeadId offered = store.lead(member)->referred_by;
        if (offered == 0 || std::find(leaving.begin(), leaving.end(), offered) != leaving.end() ||
            std::find(staying.begin(), staying.end(), offered) != staying.end())
            continue;
        if (!takes_referrer(store, holder, offered)) continue;
        detail["referred_by"] = offered;
        detail["referrer_from"] = member;
        return offered;
    }
    return 0;
}

}  // namespace

std::vector<Lead> by_survivor_rule(std::vector<Lead> leads) {
    std::sort(leads.begin(), leads.end(), [](const Lead& a, const Lead& b) {
        return std::make_tuple(-funnel_rank(a.tier), a.created_at, a.id) <
               std::make_tuple(-funnel_rank(b.tier), b.created_at, b.id);
    });
    return leads;
}

std::size_t same_kind_count(const std::vector<Identity>& identities, const Identity& identity) {
    return static_cast<std::size_t>(std::count_if(
        identities.begin(), identities.end(),
        [&](const Identity& other) { return other.kind == identity.kind && other.scope == identity.scope; }));
}

std::optional<GuardBreach> merge_guard(StoreReader& store, const std::vector<Lead>& leads,
                                       const IdentityRules& rules, const std::vector<Identity>& bridging) {
    std::size_t size = 0;
    std::vector<Identity> identities;
    for (const Lead& lead : leads) {
        size += group_of(store, lead.id).size();
        identities.insert(identities.end(), lead.identities.begin(), lead.identities.end());
    }
    if (size > static_cast<std::size_t>(rules.max_merge_size)) {
        return GuardBreach{ConflictRule::max_merge_size,
                           "the merged lead would be made of " + std::to_string(size) +
                               " leads (max_merge_size " + std::to_string(rules.max_merge_size) + ")"};
    }
    for (const Identity& identity : identities) {
        const std::size_t count = same_kind_count(identities, identity);
        const int limit = rules[identity.kind].max_per_lead;
        if (count > static_cast<std::size_t>(limit)) {
            return GuardBreach{ConflictRule::max_per_lead,
                               "the merged lead would hold " + std::to_string(count) + " " +
                                   kind_name(identity) + " values (max_per_lead " + std::to_string(limit) +
                                   ")"};
        }
    }
    for (const Identity& identity : bridging) {
        const std::int64_t joins = store.identity_joins(identity);
        const int limit = rules[identity.kind].max_joins;
        if (joins >= limit) {
            return GuardBreach{ConflictRule::max_joins, describe(identity) + " already joined " +
                                                            std::to_string(joins) + " merges (max_joins " +
                                                            std::to_string(limit) + ")"};
        }
    }
    return std::nullopt;
}

MergeRecord absorb(StoreWriter& store, Lead& survivor, const Lead& absorbed, const UserId& actor,
                   Timestamp at, const std::string& reason) {
    MergeRecord merge;
    merge.survivor = survivor.id;
    merge.absorbed = absorbed.id;
    merge.actor = actor;
    merge.at = at;
    merge.reason = reason;
    merge.collision = !absorbed.owner.empty() && absorbed.owner != survivor.owner;
    merge.absorbed_owner = absorbed.owner;
    merge.identities = absorbed.identities;
    merge.absorbed_referrer = absorbed.referred_by;

    Lead after = absorbed;
    after.identities.clear();
    after.merged_into = survivor.id;
    after.updated_at = at;
    ++after.version;
    store.update_lead(after);  // frees the identities before the survivor takes them
    merge.id = store.insert_merge(merge);

    append_change(store, absorbed, after, Action::merge, actor, at, reason,
                  json{{"merge", merge.id}, {"into", survivor.id}, {"collision", merge.collision}}.dump());
    json survivor_detail = {{"merge", merge.id}, {"absorbed", absorbed.id}, {"collision", merge.collision}};
    if (survivor.referred_by == 0 && takes_referrer(store, survivor, absorbed.referred_by)) {
        survivor.referred_by = absorbed.referred_by;
        survivor_detail["referred_by"] = absorbed.referred_by;
        survivor_detail["referrer_from"] = absorbed.id;
    }
    append_change(store, survivor, survivor, Action::merge, actor, at, reason, survivor_detail.dump());

    survivor.identities.insert(survivor.identities.end(), absorbed.identities.begin(),
                               absorbed.identities.end());
    ++survivor.version;
    return merge;
}

std::variant<MergeRecord, GuardBreach> guarded_merge(StoreWriter& store, const IdentityRules& rules,
                                                     const Lead& a, const Lead& b,
                                                     const std::vector<Identity>& bridging,
                                                     const UserId& actor, Timestamp at,
                                                     const std::string& reason) {
    std::vector<Lead> ranked = by_survivor_rule({a, b});
    if (auto breach = merge_guard(store, ranked, rules, bridging)) return *breach;
    Lead& survivor = ranked[0];
    refold(store, survivor, joined_group(store, survivor.id, {ranked[1]}));
    MergeRecord merge = absorb(store, survivor, ranked[1], actor, at, reason);
    survivor.updated_at = at;
    store.update_lead(survivor);
    for (const Identity& identity : bridging) store.add_identity_joins(identity, 1);
    return merge;
}

Lead undo_merge(StoreWriter& store, const IdentityRules& rules, const MergeRecord& merge, const UserId& actor,
                Timestamp at, const std::string& reason) {
    auto absorbed = store.lead(merge.absorbed);
    if (!absorbed || absorbed->merged_into != merge.survivor) {
        throw Error(ErrorCode::storage, "merge " + std::to_string(merge.id) + ": lead " +
                                            std::to_string(merge.absorbed) + " is not merged as recorded");
    }
    const Lead holder = resolved_lead(store, merge.survivor);
    Lead holder_after = holder;
    Lead restored = *absorbed;
    for (const Identity& handed_over : merge.identities) {
        const Identity identity = current_form(handed_over, rules);
        if (store.lead_by_identity(identity) != holder.id) continue;  // not the holder's to give back
        holder_after.identities.erase(
            std::remove(holder_after.identities.begin(), holder_after.identities.end(), identity),
            holder_after.identities.end());
        restored.identities.push_back(identity);
    }
    restored.merged_into = 0;
    restored.updated_at = at;
    ++restored.version;

    // The holder keeps its group without the restored lead and everything merged into it.
    const std::vector<LeadId> leaving = group_of(store, restored.id);
    std::vector<LeadId> staying;
    for (LeadId id : group_of(store, holder.id)) {
        if (std::find(leaving.begin(), leaving.end(), id) == leaving.end()) staying.push_back(id);
    }
    refold(store, holder_after, staying);
    json holder_detail = {{"merge", merge.id}, {"restored", restored.id}};
    holder_after.referred_by = referrer_after_unmerge(store, holder, leaving, staying, holder_detail);
    holder_after.updated_at = at;
    ++holder_after.version;

    store.update_lead(holder_after);  // frees the identities before the restored lead takes them
    store.update_lead(restored);
    append_change(store, holder, holder_after, Action::unmerge, actor, at, reason, holder_detail.dump());
    append_change(store, *absorbed, restored, Action::unmerge, actor, at, reason,
                  json{{"merge", merge.id}, {"from", holder.id}}.dump());
    MergeRecord done = merge;
    done.unmerged_at = at;
    done.unmerged_by = actor;
    store.update_merge(done);
    return restored;
}

MergeRecord merge_leads(const Operation& op, LeadId first, LeadId second, const std::string& reason) {
    const Lead a = lead_for(op.access, op.store, first, Action::merge);
    const Lead b = lead_for(op.access, op.store, second, Action::merge);
    op.access.require(Action::merge, a);
    op.access.require(Action::merge, b);
    if (a.id == b.id) {
        throw Error(ErrorCode::invalid_argument, "merge: leads " + std::to_string(first) + " and " +
                                                     std::to_string(second) + " are one lead already");
    }
    auto merged =
        guarded_merge(op.store, *op.context.identity_rules(op.store), a, b, {}, op.actor(), op.now, reason);
    if (const auto* breach = std::get_if<GuardBreach>(&merged)) {
        throw Error(ErrorCode::conflict,
                    std::string("merge refused by ") + to_string(breach->rule) + ": " + breach->message);
    }
    return std::get<MergeRecord>(merged);
}

Lead unmerge(const Operation& op, MergeId id, const std::string& reason) {
    auto merge = op.store.merge_record(id);
    const std::string unknown = "no merge " + std::to_string(id);
    if (!merge) not_found(unknown);
    // A merge whose lead the actor may neither read nor unmerge is, to them, no merge at all.
    const Lead holder = existing_lead(op.store, merge->survivor);
    if (!op.access.allows(Action::read, holder) && !op.access.allows(Action::unmerge, holder))
        not_found(unknown);
    op.access.require(Action::unmerge, holder);
    if (merge->unmerged_at)
        throw Error(ErrorCode::conflict, "merge " + std::to_string(id) + " was undone already");
    if (erased_since(*merge)) {
        throw Error(ErrorCode::conflict, "merge " + std::to_string(id) +
                                             " cannot be undone: the personal data of lead " +
                                             std::to_string(merge->absorbed) + " was erased, its identities are gone");
    }
    return undo_merge(op.store, *op.context.identity_rules(op.store), *merge, op.actor(), op.now, reason);
}

namespace {

// Whether the actor may read, now, the lead `id` names (merged away: the lead that holds it).
bool readable_now(const Reading& reading, LeadId id) {
    return reading.access.allows(Action::read, existing_lead(reading.store, id));
}

}  // namespace

// The lists show a record to whoever may read every lead it names, and to nobody else
// (docs/design.md 5.4): no grant beyond read is needed, none reaches further.
std::vector<MergeRecord> merges(const Reading& reading, const MergeFilter& filter) {
    std::vector<MergeRecord> out;
    for (MergeRecord& merge : reading.store.merge_records()) {
        if (!merge_matches(filter, merge)) continue;
        if (!readable_now(reading, merge.survivor) || !readable_now(reading, merge.absorbed)) continue;
        out.push_back(std::move(merge));
    }
    return out;
}

std::vector<IdentityConflict> identity_conflicts(const Reading& reading) {
    std::vector<IdentityConflict> out;
    for (IdentityConflict& conflict : reading.store.identity_conflicts()) {
        if (!readable_now(reading, conflict.lead)) continue;
        if (std::all_of(conflict.others.begin(), conflict.others.end(),
                        [&](LeadId other) { return readable_now(reading, other); }))
            out.push_back(std::move(conflict));
    }
    return out;
}

}  // namespace leadpool::detail
