#include "erasure.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "lead_data.hpp"
#include "lead_group.hpp"
#include "organisation.hpp"
#include "redaction.hpp"
#include "suppression.hpp"

namespace leadpool::detail {
namespace {

using nlohmann::json;
using redaction::among;
using redaction::Needles;

bool in_group(const std::vector<LeadId>& group, LeadId id) {
    return std::find(group.begin(), group.end(), id) != group.end();
}

void add_once(std::vector<Identity>& identities, const Identity& identity) {
    if (identity.value != kRedacted && !among(identity, identities)) identities.push_back(identity);
}

// The identities a capture row's detail lists.
std::vector<Identity> identities_in(const HistoryEntry& row) {
    std::vector<Identity> out;
    if (row.action != Action::capture) return out;
    const json detail = json::parse(row.detail, nullptr, /*allow_exceptions=*/false);
    auto identities = detail.is_object() ? detail.find("identities") : detail.end();
    if (!detail.is_object() || identities == detail.end() || !identities->is_array()) return out;
    for (const json& item : *identities) {
        if (!item.is_object()) continue;
        const auto kind = parse_identity_kind(item.value("kind", ""));
        if (kind) out.push_back(Identity{*kind, item.value("value", ""), item.value("scope", "")});
    }
    return out;
}

// One erasure in its transaction: the group, the person's identities, and what was redacted.
class Erasure {
public:
    Erasure(const Operation& op, const Lead& lead)
        : op_(op), store_(op.store), lead_(lead), group_(group_of(op.store, lead.id)),
          history_(group_history(op.store, group_)) {
        report_.lead = lead.id;
        report_.leads = group_;
    }

    ErasureReport run(const ErasureRequest& request) {
        collect_identities();
        const Needles needles(erased_, given_texts());
        redact_history(needles);
        redact_events();
        redact_merges(needles);
        redact_conflicts(needles);
        redact_deliveries();
        redact_changes(needles);
        redact_referrals();
        redact_opportunities(needles);
        for (const Identity& identity : erased_) store_.remove_identity_joins(identity);
        if (request.suppress) report_.suppressed = suppress(store_, erased_);
        clear_leads();
        if (!found_any()) {
            throw Error(ErrorCode::conflict, "lead " + std::to_string(lead_.id) +
                                                 " holds no personal data: it was erased before");
        }
        record(request, needles);
        return report_;
    }

private:
    // The person's identities: those the group holds, those its records carried and those its
    // merged leads handed over — but none a lead outside the group holds now: that is someone
    // else's.
    void collect_identities() {
        std::vector<Identity> seen;
        for (LeadId id : group_) {
            if (const auto member = store_.lead(id)) {
                for (const Identity& identity : member->identities) add_once(seen, identity);
            }
        }
        for (const HistoryEntry& row : history_) {
            for (const Identity& identity : identities_in(row)) add_once(seen, identity);
        }
        merges_ = store_.merge_records();
        for (const MergeRecord& merge : merges_) {
            if (!in_group(group_, merge.absorbed)) continue;
            for (const Identity& identity : merge.identities) add_once(seen, identity);
        }
        for (const Identity& identity : seen) {
            const auto holder = store_.lead_by_identity(identity);
            if (holder && !in_group(group_, resolved_lead(store_, *holder).id)) continue;
            erased_.push_back(identity);
        }
    }

    // The texts the person gave as attribute values, by record and edit, as they are now.
    std::vector<std::string> given_texts() const {
        std::vector<std::string> texts;
        for (const HistoryEntry& entry : history_) {
            if (const auto row = data_row(entry)) redaction::add_texts(row->attributes, texts);
        }
        return texts;
    }

    void redact_history(const Needles& needles) {
        for (HistoryEntry row : history_) {
            const std::string detail = redaction::redacted_detail(row.action, row.detail, needles);
            const std::string reason = needles.in(row.reason);
            if (detail == row.detail && reason == row.reason) continue;
            row.detail = detail;
            row.reason = reason;
            store_.rewrite_history(row);
            ++report_.history;
        }
    }

    void redact_events() {
        for (LeadId id : group_) {
            for (LeadEvent event : store_.events(id)) {
                const std::string payload = redaction::redacted_object(event.payload);
                if (payload == event.payload) continue;
                event.payload = payload;
                store_.rewrite_event(event);
                ++report_.events;
            }
        }
    }

    void redact_merges(const Needles& needles) {
        for (MergeRecord merge : merges_) {
            if (!in_group(group_, merge.survivor) && !in_group(group_, merge.absorbed)) continue;
            bool changed = false;
            for (Identity& identity : merge.identities) {
                if (!among(identity, erased_)) continue;
                identity = redaction::redacted(identity);
                changed = true;
            }
            const std::string reason = needles.in(merge.reason);
            if (!changed && reason == merge.reason) continue;
            merge.reason = reason;
            store_.update_merge(merge);
            ++report_.merges;
        }
    }

    // A conflict the person's record raised (its lead is of the group) loses its record id; one
    // naming a lead of the group among others, the person's identities and their values quoted.
    void redact_conflicts(const Needles& needles) {
        for (IdentityConflict conflict : store_.identity_conflicts()) {
            const bool theirs = in_group(group_, conflict.lead);
            if (!theirs && std::none_of(conflict.others.begin(), conflict.others.end(),
                                        [&](LeadId other) { return in_group(group_, other); })) {
                continue;
            }
            const IdentityConflict before = conflict;
            for (Identity& identity : conflict.identities) {
                if (among(identity, erased_)) identity = redaction::redacted(identity);
            }
            if (theirs && !conflict.record_id.empty()) conflict.record_id = kRedacted;
            conflict.message = needles.in(conflict.message);
            conflict.resolution_reason = needles.in(conflict.resolution_reason);
            if (conflict.identities == before.identities && conflict.record_id == before.record_id &&
                conflict.message == before.message && conflict.resolution_reason == before.resolution_reason) {
                continue;
            }
            store_.rewrite_identity_conflict(conflict);
            ++report_.conflicts;
            if (!theirs) redact_conflict_change(conflict, needles);  // theirs: with the group's changes
        }
    }

    // The change that raised a conflict, kept with the conflict's lead.
    void redact_conflict_change(const IdentityConflict& conflict, const Needles& needles) {
        for (Change change : store_.lead_changes(conflict.lead)) {
            if (change.subject != ChangeSubject::identity_conflict || change.object != std::to_string(conflict.id))
                continue;
            rewrite(change, needles.in(change.reason),
                    redaction::redacted_conflict_detail(change.detail, false, needles));
        }
    }

    // A delivery's record id must stay unique: each gets a marker of its own.
    void redact_deliveries() {
        for (LeadId id : group_) {
            int number = 0;
            for (const DeliveredRecord& delivered : store_.deliveries(id)) {
                if (redaction::is_redacted_record_id(delivered.record_id)) continue;
                std::string marker;
                do {
                    marker = redaction::redacted_record_id(id, ++number);
                } while (store_.delivery(delivered.channel, marker));
                store_.rename_delivery(delivered.channel, delivered.record_id, marker);
                ++report_.deliveries;
            }
        }
    }

    void redact_changes(const Needles& needles) {
        for (LeadId id : group_) {
            for (Change change : store_.lead_changes(id)) {
                std::string detail;
                switch (change.subject) {
                    case ChangeSubject::lead: {
                        const auto action = parse_action(change.kind);
                        detail = action ? redaction::redacted_detail(*action, change.detail, needles)
                                        : change.detail;
                        break;
                    }
                    case ChangeSubject::identity_conflict:
                        detail = redaction::redacted_conflict_detail(change.detail, true, needles);
                        break;
                    case ChangeSubject::opportunity:  // steps, statuses and amounts: the business's
                    case ChangeSubject::organisation: detail = change.detail; break;
                }
                rewrite(change, needles.in(change.reason), detail);
            }
        }
    }

    void rewrite(Change& change, std::string reason, std::string detail) {
        if (reason == change.reason && detail == change.detail) return;
        change.reason = std::move(reason);
        change.detail = std::move(detail);
        store_.rewrite_change(change);
        ++report_.changes;
    }

    // The leads the person referred keep the link (referred_by) and lose the person's identity
    // from the records that named them as referrer.
    void redact_referrals() {
        LeadSelection referred;
        referred.referred_by = group_;
        referred.visible_if = {VisibilityClause{}};
        constexpr std::size_t kPage = 512;
        for (LeadId after = 0;;) {
            const std::vector<LeadId> page = store_.lead_ids(referred, after, kPage);
            for (LeadId id : page) {
                for (LeadId member : group_of(store_, id)) redact_referrer_in(member);
            }
            if (page.size() < kPage) break;
            after = page.back();
        }
    }

    void redact_referrer_in(LeadId lead) {
        for (HistoryEntry row : store_.history(lead)) {
            if (row.action != Action::capture) continue;
            const std::string detail = redaction::redacted_referrer(row.detail, erased_);
            if (detail == row.detail) continue;
            row.detail = detail;
            store_.rewrite_history(row);
            ++report_.referrals;
        }
        for (Change change : store_.lead_changes(lead)) {
            if (change.subject != ChangeSubject::lead || change.kind != to_string(Action::capture)) continue;
            rewrite(change, change.reason, redaction::redacted_referrer(change.detail, erased_));
        }
    }

    // Opportunities are business data and stay; a reason for a loss may quote the person.
    void redact_opportunities(const Needles& needles) {
        for (LeadId id : group_) {
            for (Opportunity opportunity : store_.opportunities(id)) {
                const std::string reason = needles.in(opportunity.lost_reason);
                if (reason == opportunity.lost_reason) continue;
                opportunity.lost_reason = reason;
                store_.put_opportunity(opportunity);
            }
        }
    }

    // No lead of the group holds an identity any more; the lead's data is the fold of its
    // redacted rows, a merged lead's attributes as it had them, redacted.
    void clear_leads() {
        for (LeadId id : group_) {
            if (id == lead_.id) continue;
            auto member = store_.lead(id);
            if (!member) continue;
            const std::string attributes = redaction::redacted_object(member->attributes);
            if (attributes == member->attributes && member->identities.empty()) continue;
            report_.identities += member->identities.size();
            member->identities.clear();
            member->attributes = attributes;
            store_.update_lead(*member);
        }
        erased_lead_ = lead_;
        report_.identities += erased_lead_.identities.size();
        erased_lead_.identities.clear();
        Lead folded = lead_;
        refold(store_, folded, group_);
        erased_lead_.attributes = folded.attributes;
    }

    bool found_any() const {
        return report_.identities + report_.history + report_.events + report_.merges + report_.conflicts +
                   report_.deliveries + report_.changes + report_.referrals >
               0 ||
               erased_lead_.attributes != lead_.attributes;
    }

    // The erasure is a row of the lead's history (no personal detail) and of the organisation's.
    void record(const ErasureRequest& request, const Needles& needles) {
        const std::string reason = needles.in(request.reason);
        erased_lead_.updated_at = op_.now;
        ++erased_lead_.version;
        const json detail = {{"leads", group_}, {"suppressed", request.suppress}};
        op_.save(lead_, erased_lead_, Action::erase_personal_data, reason, detail.dump());
        record_org_event(op_, OrgEventKind::personal_data_erased,
                         {{"lead", lead_.id}, {"leads", group_}, {"reason", reason}, {"suppressed", request.suppress}});
    }

    const Operation& op_;
    StoreWriter& store_;
    const Lead lead_;
    Lead erased_lead_;
    const std::vector<LeadId> group_;
    const std::vector<HistoryEntry> history_;  // of the group, as it was before the erasure
    std::vector<Identity> erased_;
    std::vector<MergeRecord> merges_;
    ErasureReport report_;
};

}  // namespace

ErasureRequest checked_erasure(const ErasureRequest& request) {
    return ErasureRequest{checked_name(request.reason, "reason"), request.suppress};
}

ErasureReport erase(const Operation& op, LeadId id, const ErasureRequest& checked) {
    const Lead lead = lead_for(op.access, op.store, id, Action::erase_personal_data);
    op.access.require(Action::erase_personal_data, lead);
    op.store.secure_delete();
    return Erasure(op, lead).run(checked);
}

bool erased_since(const MergeRecord& merge) {
    return std::any_of(merge.identities.begin(), merge.identities.end(),
                       [](const Identity& identity) { return identity.value == kRedacted; });
}

}  // namespace leadpool::detail
