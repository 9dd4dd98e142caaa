#include "rekey.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "config.hpp"
#include "context.hpp"
#include "identity_text.hpp"
#include "lead_group.hpp"
#include "merge.hpp"
#include "organisation.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;

// A lead's stored identities read under the rules in force.
struct Rekeyed {
    std::vector<Identity> identities;                      // in the rules' form, each once
    std::vector<std::pair<Identity, Identity>> rewritten;  // stored form -> the rules' form
    std::vector<Identity> blocked;                         // values the rules now block
    std::int64_t unreadable = 0;                           // kept as stored
};

Rekeyed rekeyed(const std::vector<Identity>& stored, const IdentityRules& rules) {
    Rekeyed out;
    for (const Identity& identity : stored) {
        Identity now = identity;
        try {
            now = normalize_identity(identity, rules);
        } catch (const Error& e) {
            if (e.code() != ErrorCode::invalid_argument) throw;
            ++out.unreadable;  // no value of the new rules, but evidence all the same: kept
        }
        if (is_blocked(now, rules)) {
            out.blocked.push_back(identity);
            continue;
        }
        if (!(now == identity)) out.rewritten.emplace_back(identity, now);
        if (std::find(out.identities.begin(), out.identities.end(), now) == out.identities.end()) {
            out.identities.push_back(std::move(now));
        }
    }
    return out;
}

// Re-keys one lead. Its values in their new form that another lead holds are the two leads'
// shared values: the leads are merged under the guards, or a conflict is raised and the value
// stays with the other lead.
void rekey_lead(const Operation& op, const IdentityRules& rules, LeadId id, RekeyReport& counts,
                RekeyReport& report) {
    const auto stored = op.store.lead(id);
    if (!stored || stored->merged_into != 0) return;  // absorbed by a merge of this re-key
    ++counts.leads;
    Rekeyed values = rekeyed(stored->identities, rules);
    counts.unreadable += values.unreadable;
    if (values.rewritten.empty() && values.blocked.empty()) return;

    std::vector<Identity> own;
    std::vector<std::pair<Identity, LeadId>> shared;
    for (Identity& identity : values.identities) {
        const auto holder = op.store.lead_by_identity(identity);
        if (holder && *holder != id && resolved_lead(op.store, *holder).id != id) {
            shared.emplace_back(std::move(identity), resolved_lead(op.store, *holder).id);
        } else {
            own.push_back(std::move(identity));
        }
    }
    json rewritten = json::array();
    for (const auto& [from, to] : values.rewritten) {
        rewritten.push_back({{"from", identity_json(from)}, {"to", identity_json(to)}});
        // The new form carries on the joins the old one made.
        if (const std::int64_t joins = op.store.identity_joins(from)) op.store.add_identity_joins(to, joins);
    }
    json blocked = json::array();
    for (const Identity& identity : values.blocked) blocked.push_back(identity_json(identity));
    json shared_with = json::array();
    for (const auto& [identity, other] : shared) {
        shared_with.push_back({{"identity", identity_json(identity)}, {"lead", other}});
    }

    Lead after = *stored;
    after.identities = std::move(own);
    after.updated_at = op.now;
    ++after.version;
    op.save(*stored, after, Action::rekey, "identity rules changed",
            json{{"rekeyed", std::move(rewritten)},
                 {"blocked", std::move(blocked)},
                 {"shared", std::move(shared_with)}}
                .dump());
    counts.rekeyed += static_cast<std::int64_t>(values.rewritten.size());
    counts.dropped += static_cast<std::int64_t>(values.blocked.size());

    for (const auto& [identity, other] : shared) {
        const Lead mine = resolved_lead(op.store, id);
        const Lead theirs = resolved_lead(op.store, other);
        if (mine.id == theirs.id) continue;  // one merge already joined them
        auto merged = guarded_merge(op.store, rules, mine, theirs, {identity}, op.actor(), op.now,
                                    "identity rules changed");
        if (const auto* merge = std::get_if<MergeRecord>(&merged)) {
            ++counts.merged;
            report.merge_ids.push_back(merge->id);
            continue;
        }
        const GuardBreach& breach = std::get<GuardBreach>(merged);
        IdentityConflict conflict;
        conflict.rule = breach.rule;
        conflict.at = op.now;
        conflict.actor = op.actor();
        conflict.lead = mine.id;
        conflict.others = {theirs.id};
        conflict.identities = {identity};
        conflict.message = "not merged after the identity rules changed: " + describe(identity) +
                           " stays with lead " + std::to_string(theirs.id) + ": " + breach.message;
        ++counts.conflicts;
        report.conflict_ids.push_back(op.store.append_identity_conflict(conflict));
    }
}

json counts_json(const RekeyReport& counts) {
    return {{"leads", counts.leads},           {"rekeyed", counts.rekeyed}, {"dropped", counts.dropped},
            {"unreadable", counts.unreadable}, {"merged", counts.merged},   {"conflicts", counts.conflicts}};
}

}  // namespace

bool rekey_needed(const IdentityRules& before, const IdentityRules& after) {
    if (before.default_region != after.default_region) return true;
    for (std::size_t kind = 0; kind < kIdentityKindCount; ++kind) {
        if (before.kinds[kind].blocked != after.kinds[kind].blocked) return true;
    }
    return false;
}

void start_rekey(const Operation& op) { config::set_rekey_progress(op.store, config::RekeyProgress{}); }

bool rekey_batch(const Operation& op, RekeyReport& report) {
    auto progress = config::rekey_progress(op.store);
    if (!progress) return false;
    report.needed = true;
    const auto rules = op.context.identity_rules(op.store);
    LeadSelection every_lead;
    every_lead.visible_if = {VisibilityClause{}};
    const std::vector<LeadId> ids = op.store.lead_ids(every_lead, progress->after, kRekeyBatch);
    for (LeadId id : ids) rekey_lead(op, *rules, id, progress->counts, report);
    if (!ids.empty()) progress->after = ids.back();

    const std::vector<MergeId> merge_ids = std::move(report.merge_ids);
    const std::vector<std::int64_t> conflict_ids = std::move(report.conflict_ids);
    report = progress->counts;
    report.needed = true;
    report.merge_ids = merge_ids;
    report.conflict_ids = conflict_ids;
    if (ids.size() == kRekeyBatch) {
        config::set_rekey_progress(op.store, *progress);
        return true;
    }
    config::end_rekey(op.store);
    record_org_event(op, OrgEventKind::identities_rekeyed, counts_json(progress->counts));
    return false;
}

}  // namespace leadpool::detail
